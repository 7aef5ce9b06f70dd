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
export { serverPageTokens } from './server-page-tokens.js';
