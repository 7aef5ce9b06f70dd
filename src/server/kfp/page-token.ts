import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SkiffError } from '../../errors/index.js';
import type { ListCursor } from '../../metadata/index.js';

/** Issues and checks page tokens: a cursor bound to one list (resource, filter, sort), signed with HMAC-SHA256. */
export interface PageTokens {
  /** An opaque token for the page after `cursor` of the list identified by `listKey`. */
  issue(cursor: ListCursor, listKey: string): string;
  /** The cursor in `token`; SKIFF_API_BAD_PAGE_TOKEN when it was altered, forged or issued for another list. */
  read(token: string, listKey: string): ListCursor;
}

/** Page tokens signed with `secret` (default: 32 random bytes, so tokens last as long as the server). */
export function createPageTokens(secret: Uint8Array = randomBytes(32)): PageTokens {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  return {
    issue(cursor, listKey) {
      const payload = Buffer.from(JSON.stringify({ c: cursor, l: digest(listKey) })).toString('base64url');
      return `${payload}.${sign(payload)}`;
    },
    read(token, listKey) {
      const [payload, signature, extra] = token.split('.');
      if (payload === undefined || signature === undefined || extra !== undefined)
        throw badToken(token, 'is malformed');
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw badToken(token, 'was altered or was not issued by a server on this database');
      }
      const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        c: ListCursor;
        l: string;
      };
      if (body.l !== digest(listKey)) {
        throw badToken(token, 'belongs to a list with another filter, sort_by or resource');
      }
      return body.c;
    },
  };
}

function digest(listKey: string): string {
  return createHash('sha256').update(listKey).digest('base64url').slice(0, 22);
}

function badToken(token: string, why: string): SkiffError {
  const shown = token.length > 40 ? `${token.slice(0, 40)}...` : token;
  return new SkiffError('SKIFF_API_BAD_PAGE_TOKEN', `page_token "${shown}" ${why}`);
}
