export { experimentJson, pipelineJson, pipelineVersionJson } from './kfp-json.js';
export { EXPERIMENT_RESOURCE, PIPELINE_RESOURCE, PIPELINE_VERSION_RESOURCE } from './kfp-resources.js';
export { KFP_ZERO_TIME, rfc3339 } from './kfp-time.js';
export { parseKfpFilter } from './list-filter.js';
export {
  DEFAULT_PAGE_SIZE,
  type KfpListRequest,
  kfpListFields,
  MAX_PAGE_SIZE,
  parseKfpListRequest,
  parsePageSize,
  parseSortBy,
  single,
} from './list-query.js';
export { enumValues, type KfpFieldKind, type KfpListField, type KfpListResource } from './list-resource.js';
export { createPageTokens, type PageTokens } from './page-token.js';
export { type AcceptedSpec, acceptInlineSpec, acceptUploadedSpec } from './pipeline-spec-input.js';
export { parseRequestBody } from './request-body.js';
export { loadPageTokens, serverPageTokens } from './server-page-tokens.js';
export { specObject } from './spec-object.js';
export { readUploadFile, type UploadedFile } from './upload-file.js';
