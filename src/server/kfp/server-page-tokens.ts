import type { ServerDeps } from '../server-deps.js';
import { createPageTokens, type PageTokens } from './page-token.js';

const BY_SERVER = new WeakMap<ServerDeps, PageTokens>();

/** The page-token codec of one server (one random secret per server, shared by all its lists). */
export function serverPageTokens(deps: ServerDeps): PageTokens {
  let tokens = BY_SERVER.get(deps);
  if (tokens === undefined) {
    tokens = createPageTokens();
    BY_SERVER.set(deps, tokens);
  }
  return tokens;
}
