import { randomBytes } from 'node:crypto';
import type { MetadataStore } from '../../metadata/index.js';
import type { ServerDeps } from '../server-deps.js';
import { createPageTokens, type PageTokens } from './page-token.js';

/** The name of the page-token signing key in the metadata store's server secrets. */
const PAGE_TOKEN_KEY = 'page-token-hmac-sha256';

/**
 * Page tokens signed with the database's key: made once (32 random bytes) and shared by every
 * server on that database, so a token stays valid across restarts and replicas.
 */
export async function loadPageTokens(metadata: MetadataStore, nowMs: number): Promise<PageTokens> {
  const key = await metadata.serverSecrets.getOrCreate(
    PAGE_TOKEN_KEY,
    () => randomBytes(32).toString('base64'),
    nowMs,
  );
  return createPageTokens(Buffer.from(key, 'base64'));
}

/** The page-token codec of one server, shared by all its lists. */
export function serverPageTokens(deps: ServerDeps): PageTokens {
  return deps.pageTokens;
}
