export { LOCAL_NAMESPACE, LOCAL_POD_IP, LOCAL_SERVICE_ACCOUNT, localPodName } from './field-path-env.js';
export { type LocalPlatform, type LocalPlatformContext, localPlatform } from './local-platform.js';
export type { PlatformValueScope } from './platform-value.js';
export { isKubernetesStubImage, stubImageError } from './stub-images.js';
