import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goJson, parameterText } from './parameter-text.js';
import type { JsonValue } from './types.js';

describe('parameterText (KFP backend PbValueToText)', () => {
  it("writes numbers as Go's FormatFloat(v, 'f', -1, 64): no exponent, fewest digits", () => {
    const cases: [number, string][] = [
      [1, '1'],
      [-7, '-7'],
      [1.5, '1.5'],
      [0.1 + 0.2, '0.30000000000000004'],
      [1e21, '1000000000000000000000'],
      [1.5e22, '15000000000000000000000'],
      [123456789012345680000, '123456789012345680000'],
      [1e-7, '0.0000001'],
      [-2.5e-10, '-0.00000000025'],
      [2 ** 53 + 2, '9007199254740994'],
      [0, '0'],
      [-0, '-0'],
      [Number.MAX_VALUE, `17976931348623157${'0'.repeat(292)}`],
      [5e-324, `0.${'0'.repeat(323)}5`],
    ];
    for (const [value, text] of cases) expect(parameterText(value)).toBe(text);
  });

  it('reads back as the same number, has no exponent, and is no longer than the shortest form', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = parameterText(n);
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Object.is(Number(text), n)).toBe(true);
        const significant = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
        const shortest = n.toExponential().split('e')[0]!.replace(/^-/, '').replace('.', '');
        expect(significant.length).toBeLessThanOrEqual(Math.max(1, shortest.length));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes bools as true/false, null as the empty string, and keeps strings as they are', () => {
    expect(parameterText(true)).toBe('true');
    expect(parameterText(false)).toBe('false');
    expect(parameterText(null)).toBe('');
    expect(parameterText(' 1 ')).toBe(' 1 ');
  });

  it('writes lists and structs as compact JSON with sorted keys, as Go marshals protobuf values', () => {
    expect(parameterText({ b: 10, a: 1 })).toBe('{"a":1,"b":10}');
    expect(parameterText([1, 'x', true, null, { z: [] }])).toBe('[1,"x",true,null,{"z":[]}]');
    expect(parameterText([1e21, 1e-7, 1e-6, -0, 0.5])).toBe('[1e+21,1e-7,0.000001,-0,0.5]');
    expect(parameterText({ html: '<a href="x">&</a>' })).toBe(
      '{"html":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"}',
    );
    expect(parameterText(['\u0001\u007f\n\t\u2028\u2029\\'])).toBe(
      '["\\u0001\\u007f\\n\\t\\u2028\\u2029\\\\"]',
    );
    expect(parameterText({ '\u{1f600}': 1, '\uffff': 2, b: 3, B: 4 })).toBe(
      '{"B":4,"b":3,"\uffff":2,"\u{1f600}":1}',
    );
    expect(parameterText(['\ud800x'])).toBe('["\ufffdx"]');
  });

  it('writes any nested list or struct as JSON that parses back to the same value', () => {
    const json: fc.Arbitrary<JsonValue> = fc.jsonValue() as fc.Arbitrary<JsonValue>;
    fc.assert(
      fc.property(fc.oneof(fc.array(json), fc.dictionary(fc.string(), json)), (value) => {
        const text = goJson(value);
        expect(JSON.parse(text)).toEqual(value);
        expect(text).not.toMatch(/[<>&\u2028\u2029\u007f]/);
        // Compact: the only whitespace is inside strings.
        expect(text.replace(/"(?:[^"\\]|\\.)*"/g, '')).not.toMatch(/\s/);
      }),
      { numRuns: 1000 },
    );
  });

  it('orders struct keys by UTF-8 bytes at every depth', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'grapheme' }), fc.integer()), (struct) => {
        const keys = Object.keys(JSON.parse(goJson({ inner: struct })).inner);
        const bytes = keys.map((k) => Buffer.from(k, 'utf8'));
        for (let i = 1; i < bytes.length; i++)
          expect(Buffer.compare(bytes[i - 1]!, bytes[i]!)).toBeLessThan(0);
      }),
    );
  });
});
