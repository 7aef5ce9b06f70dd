/** Bytes a preview reads at first (one `Range` request). */
export const PREVIEW_BYTES = 256 * 1024;
/** Bytes "View all" reads: still bounded; past it, download. */
export const VIEW_ALL_BYTES = 16 * 1024 * 1024;
/** Lines a text preview shows before "View all". */
export const TEXT_LINES = 200;
/** Rows per page of a CSV/TSV table. */
export const TABLE_PAGE_ROWS = 20;
/** Files a directory listing shows. */
export const LISTED_FILES = 1000;

/** The name of a file: the last segment of a URI or path. */
export const baseName = (uriOrPath: string, fallback = 'artifact') =>
  uriOrPath.split('/').filter(Boolean).at(-1) ?? fallback;
