import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenizeYamlLine } from './yaml-tokens';

const kinds = (line: string) => tokenizeYamlLine(line).map((t) => [t.text, t.kind]);

describe('tokenizeYamlLine', () => {
  it('colours keys, strings, numbers, literals, list dashes and comments', () => {
    expect(kinds('  parameterType: STRING')).toEqual([
      ['  ', 'plain'],
      ['parameterType', 'key'],
      [':', 'punct'],
      [' ', 'plain'],
      ['STRING', 'plain'],
    ]);
    expect(kinds('- defaultValue: 3 # three')).toEqual([
      ['- ', 'punct'],
      ['defaultValue', 'key'],
      [':', 'punct'],
      [' ', 'plain'],
      ['3 ', 'number'],
      ['# three', 'comment'],
    ]);
    expect(kinds('a: "x: #y"')).toEqual([
      ['a', 'key'],
      [':', 'punct'],
      [' ', 'plain'],
      ['"x: #y"', 'string'],
    ]);
    expect(kinds('flag: true')[3]).toEqual(['true', 'literal']);
    expect(kinds('root:')).toEqual([
      ['root', 'key'],
      [':', 'punct'],
    ]);
  });

  it('gives the line back when its tokens are joined, whatever the line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (line) => {
        expect(
          tokenizeYamlLine(line)
            .map((t) => t.text)
            .join(''),
        ).toBe(line);
      }),
    );
  });
});
