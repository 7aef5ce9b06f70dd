import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carriedStyles, PLAIN, sgrAfter, sgrPrefix } from './ansi-carry';

const ESC = '\u001b';

describe('the ANSI style carried from line to line', () => {
  it('keeps colours and attributes set on one line until a reset, as a terminal does', () => {
    const lines = [
      `${ESC}[1;31mTraceback (most recent call last):`,
      '  File "x.py", line 1',
      `${ESC}[22mnot bold any more`,
      `${ESC}[44mon blue`,
      `${ESC}[39mdefault colour${ESC}[49m`,
      `${ESC}[4munderlined${ESC}[0m`,
      'plain',
    ];
    const { prefixes, after } = carriedStyles(PLAIN, lines);
    expect(prefixes).toEqual(['', `${ESC}[1;31m`, `${ESC}[1;31m`, `${ESC}[31m`, `${ESC}[31;44m`, '', '']);
    expect(after).toEqual(PLAIN);
  });

  it('reads 256-colour and true-colour codes whole, and an empty sequence as a reset', () => {
    expect(sgrPrefix(sgrAfter(PLAIN, `${ESC}[38;5;208mx`))).toBe(`${ESC}[38;5;208m`);
    expect(sgrPrefix(sgrAfter(PLAIN, `${ESC}[48;2;10;20;30;1mx`))).toBe(`${ESC}[1;48;2;10;20;30m`);
    expect(sgrAfter(sgrAfter(PLAIN, `${ESC}[31m`), `${ESC}[m`)).toEqual(PLAIN);
  });

  it('ignores escapes that are not SGR and malformed extended colours', () => {
    expect(sgrAfter(PLAIN, `${ESC}[2K${ESC}[1Aprogress 50%`)).toEqual(PLAIN);
    expect(sgrAfter(PLAIN, `${ESC}[38;7mx`)).toEqual(PLAIN);
    expect(sgrAfter(PLAIN, `${ESC}[38;5mx`)).toEqual(PLAIN);
  });

  it('never throws, and the style after the lines is the same as after the lines joined', () => {
    const piece = fc.constantFrom('a', ' ', `${ESC}[`, 'm', ';', '0', '1', '3', '8', '5', '2', '9', '4', ':');
    fc.assert(
      fc.property(
        fc.array(
          fc.array(piece).map((parts) => parts.join('')),
          { maxLength: 8 },
        ),
        (lines) => {
          const { after } = carriedStyles(PLAIN, lines);
          // A sequence never spans lines in a log, so lines end sequences: joined with "\n" they read the same.
          expect(sgrPrefix(after)).toBe(sgrPrefix(sgrAfter(PLAIN, lines.join('\n'))));
        },
      ),
    );
  });
});
