import { describe, expect, it } from 'vitest';
import { parseKfpFilter } from './list-filter.js';
import { THINGS } from './test-resource.js';

const parse = (filter: unknown) =>
  parseKfpFilter(typeof filter === 'string' ? filter : JSON.stringify(filter), THINGS);

describe('parseKfpFilter', () => {
  it('reads v2beta1 predicates with operation names and typed values', () => {
    expect(
      parse({
        predicates: [
          { key: 'name', operation: 'EQUALS', string_value: 'a' },
          { key: 'size', operation: 'GREATER_THAN_EQUALS', long_value: '12' },
          { key: 'created_at', operation: 'LESS_THAN', timestamp_value: '2026-01-01T00:00:00Z' },
          { key: 'thing_id', operation: 'IN', string_values: { values: ['x', 'y'] } },
          { key: 'name', operation: 'IS_SUBSTRING', string_value: 'ell' },
          { key: 'done', operation: 'NOT_EQUALS', bool_value: true },
        ],
      }),
    ).toEqual([
      { field: 'name', op: 'eq', value: 'a' },
      { field: 'size', op: 'gte', value: 12 },
      { field: 'createdAtMs', op: 'lt', value: Date.UTC(2026, 0, 1) },
      { field: 'id', op: 'in', value: ['x', 'y'] },
      { field: 'name', op: 'substring', value: 'ell' },
      { field: 'done', op: 'ne', value: true },
    ]);
  });

  it('reads the v1 shape (op), camelCase values, operation numbers and v1 enum spellings', () => {
    expect(
      parse({
        predicates: [
          { key: 'name', op: 'EQUALS', stringValue: 'a' },
          { key: 'size', operation: 8, intValues: [1, 2] },
          { key: 'created_at', op: 'GREATER_THAN', int_value: 10 },
          { key: 'state', op: 'EQUALS', string_value: 'STORAGESTATE_ARCHIVED' },
        ],
      }),
    ).toEqual([
      { field: 'name', op: 'eq', value: 'a' },
      { field: 'size', op: 'in', value: [1, 2] },
      { field: 'createdAtMs', op: 'gt', value: 10_000 },
      { field: 'state', op: 'eq', value: 'ARCHIVED' },
    ]);
  });

  it('accepts an absent or empty filter as no predicates', () => {
    expect(parseKfpFilter(undefined, THINGS)).toEqual([]);
    expect(parse('')).toEqual([]);
    expect(parse({})).toEqual([]);
  });

  it.each([
    ['text that is not JSON', '{"predicates": [', /not JSON/],
    [
      'an unknown key',
      { predicates: [{ key: 'color', operation: 'EQUALS', string_value: 'x' }] },
      /key "color"/,
    ],
    ['an unknown operation', { predicates: [{ key: 'name', operation: 'LIKE', string_value: 'x' }] }, /LIKE/],
    [
      'a wrong value type',
      { predicates: [{ key: 'size', operation: 'EQUALS', string_value: 'x' }] },
      /"size"/,
    ],
    ['IN with one value', { predicates: [{ key: 'name', operation: 'IN', string_value: 'x' }] }, /IN/],
    [
      'two values',
      { predicates: [{ key: 'name', operation: 'EQUALS', string_value: 'x', int_value: 1 }] },
      /exactly one/,
    ],
    ['no value', { predicates: [{ key: 'name', operation: 'EQUALS' }] }, /exactly one/],
    [
      'an unknown enum value',
      { predicates: [{ key: 'state', operation: 'EQUALS', string_value: 'GONE' }] },
      /GONE/,
    ],
    [
      'a bad time',
      { predicates: [{ key: 'created_at', operation: 'EQUALS', timestamp_value: 'soon' }] },
      /RFC 3339/,
    ],
    [
      'substring on a number',
      { predicates: [{ key: 'size', operation: 'IS_SUBSTRING', int_value: 1 }] },
      /text keys/,
    ],
    ['an unknown top-level field', { predicates: [], extra: 1 }, /"extra"/],
    ['predicates that are not a list', { predicates: 'x' }, /not a list/],
    // Names of Object.prototype's members are keys like any other, not the prototype's.
    [
      'the key "toString"',
      { predicates: [{ key: 'toString', operation: 'EQUALS', int_value: 1 }] },
      /key "toString", which .* cannot be filtered by/,
    ],
    [
      'the key "constructor"',
      { predicates: [{ key: 'constructor', operation: 'EQUALS', string_value: 'x' }] },
      /key "constructor", which .* cannot be filtered by/,
    ],
    [
      'a value field "constructor"',
      { predicates: [{ key: 'name', operation: 'EQUALS', constructor: 'x' }] },
      /unknown field "constructor"/,
    ],
    [
      'the operation "constructor"',
      { predicates: [{ key: 'name', operation: 'constructor', string_value: 'x' }] },
      /operation "constructor"/,
    ],
  ])('rejects %s with SKIFF_API_BAD_FILTER naming it', (_, filter, message) => {
    let caught: unknown;
    try {
      parse(filter);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'SKIFF_API_BAD_FILTER', message: expect.stringMatching(message) });
  });
});
