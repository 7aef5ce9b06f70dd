import { pathToFileUri } from '../storage/index.js';

/**
 * An attempt's log location as the API shows it: always a URI. While an attempt runs (and when a
 * lost one kept it) the store holds the live log's local path; that becomes its `file://` URI.
 */
export function apiLogUri(logUri: string): string {
  return logUri.startsWith('/') ? pathToFileUri(logUri) : logUri;
}

/**
 * `uri` as an HTTP header value: runs of characters outside printable ASCII (a home such as
 * `/home/józef`, spaces) percent-encoded as UTF-8, escapes already in it kept as they are.
 */
export function headerSafeUri(uri: string): string {
  return uri.replace(/[^\x21-\x7e]+/g, (run) => encodeURIComponent(run));
}
