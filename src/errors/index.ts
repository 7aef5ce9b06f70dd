export { ERROR_CODES, type ErrorCode, type ErrorCodeInfo } from './codes.js';
export { didYouMean } from './did-you-mean.js';
export { type FailureKind, isRetryable } from './failure-kind.js';
export { isSkiffError, SkiffError, type SkiffErrorOptions } from './skiff-error.js';
