import { describe, expect, it } from 'vitest';
import { kfpListFields, parseKfpListRequest } from './list-query.js';
import { createPageTokens } from './page-token.js';
import { THINGS } from './test-resource.js';

const tokens = createPageTokens(Buffer.from('unit-test-secret'));

describe('parseKfpListRequest', () => {
  it('defaults to 20 items sorted by the resource default', () => {
    expect(parseKfpListRequest({}, THINGS, tokens).query).toEqual({
      predicates: [],
      sort: { field: 'createdAtMs', descending: true },
      limit: 20,
    });
  });

  it('reads sort_by with and without a direction, and page_size up to 1000', () => {
    const asc = parseKfpListRequest({ sort_by: 'name', page_size: '1000' }, THINGS, tokens).query;
    expect(asc).toMatchObject({ sort: { field: 'name', descending: false }, limit: 1000 });
    const desc = parseKfpListRequest({ sort_by: 'size desc', page_size: '0' }, THINGS, tokens).query;
    expect(desc).toMatchObject({ sort: { field: 'size', descending: true }, limit: 20 });
  });

  it.each([
    [{ sort_by: 'color' }, /sort_by "color"/],
    [{ sort_by: 'name sideways' }, /sort_by/],
    [{ sort_by: 'constructor' }, /sort_by "constructor"/],
    [{ sort_by: '__proto__ desc' }, /sort_by "__proto__ desc"/],
    [{ page_size: '1001' }, /page_size "1001"/],
    [{ page_size: '-1' }, /page_size/],
    [{ page_size: 'ten' }, /page_size/],
    [{ filter: ['a', 'b'] }, /filter is given more than once/],
  ])('rejects %j with SKIFF_API_BAD_REQUEST', (params, message) => {
    expect(() => parseKfpListRequest(params, THINGS, tokens)).toThrow(message);
  });

  it('resumes after the cursor of a token issued for the same filter and sort', () => {
    const first = parseKfpListRequest({ sort_by: 'name' }, THINGS, tokens);
    const fields = kfpListFields(
      { items: [], totalSize: 9, next: { sortValue: 'm', id: 't7' } },
      first,
      tokens,
    );
    expect(fields.total_size).toBe(9);
    const token = fields.next_page_token ?? '';
    const second = parseKfpListRequest(
      { sort_by: 'name', page_size: '5', page_token: token },
      THINGS,
      tokens,
    );
    expect(second.query.after).toEqual({ sortValue: 'm', id: 't7' });
    expect(kfpListFields({ items: [], totalSize: 9 }, second, tokens)).toEqual({ total_size: 9 });
  });

  it('refuses a token reused with another sort or filter, altered, or signed by another server', () => {
    const request = parseKfpListRequest({}, THINGS, tokens);
    const token = tokens.issue({ sortValue: 5, id: 'a' }, request.listKey);
    const filter = JSON.stringify({ predicates: [{ key: 'name', operation: 'EQUALS', string_value: 'x' }] });
    const attempts = [
      { sort_by: 'name', page_token: token },
      { filter, page_token: token },
      { page_token: `${token.slice(0, 5)}A${token.slice(6)}` },
      { page_token: createPageTokens().issue({ sortValue: 5, id: 'a' }, request.listKey) },
      { page_token: 'garbage' },
    ];
    for (const params of attempts) {
      expect(() => parseKfpListRequest(params, THINGS, tokens)).toThrow(
        expect.objectContaining({ code: 'SKIFF_API_BAD_PAGE_TOKEN' }),
      );
    }
  });
});
