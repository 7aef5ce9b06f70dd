/**
 * The ANSI style (SGR: colours and attributes) in effect after a line of a log, so the next line
 * starts in it, as a terminal shows it: `\x1b[31m` on one line and a reset three lines later makes
 * all four red. Only SGR sequences (`ESC [ … m`) change the style; other escapes are left to the
 * renderer, which drops them.
 */
export interface SgrState {
  /** Foreground: a code (31, 91) or an extended colour (38;5;N, 38;2;R;G;B); undefined: the default. */
  readonly fg: string | undefined;
  readonly bg: string | undefined;
  /** Attribute codes that are on (1 bold … 9 strike-through), ascending. */
  readonly attrs: readonly number[];
}

export const PLAIN: SgrState = { fg: undefined, bg: undefined, attrs: [] };

const SGR = /\u001b\[([0-9;:]*)m/g;
/** The code that turns each attribute off. */
const ATTRIBUTE_OFF: Readonly<Record<number, readonly number[]>> = {
  22: [1, 2],
  23: [3],
  24: [4],
  25: [5, 6],
  27: [7],
  28: [8],
  29: [9],
};

/** The style after `text` when it started in `state`. */
export function sgrAfter(state: SgrState, text: string): SgrState {
  if (!text.includes('\u001b[')) return state;
  let { fg, bg } = state;
  const attrs = new Set(state.attrs);
  for (const match of text.matchAll(SGR)) {
    const codes = match[1] === '' ? [0] : match[1]!.split(/[;:]/).map((part) => Number(part || 0));
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]!;
      if (code === 0) {
        fg = undefined;
        bg = undefined;
        attrs.clear();
      } else if (code >= 1 && code <= 9) attrs.add(code);
      else if (ATTRIBUTE_OFF[code] !== undefined) for (const off of ATTRIBUTE_OFF[code]) attrs.delete(off);
      else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) fg = String(code);
      else if (code === 39) fg = undefined;
      else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) bg = String(code);
      else if (code === 49) bg = undefined;
      else if (code === 38 || code === 48) {
        // 38;5;N (256 colours) or 38;2;R;G;B (true colour); anything else is malformed and ends the sequence.
        const length = codes[i + 1] === 5 ? 3 : codes[i + 1] === 2 ? 5 : 0;
        if (length === 0 || i + length > codes.length) break;
        const colour = codes.slice(i, i + length).join(';');
        if (code === 38) fg = colour;
        else bg = colour;
        i += length - 1;
      }
    }
  }
  return { fg, bg, attrs: [...attrs].sort((a, b) => a - b) };
}

/** The SGR sequence that sets `state` from plain; empty for plain. */
export function sgrPrefix(state: SgrState): string {
  const codes = state.attrs.map(String);
  if (state.fg !== undefined) codes.push(state.fg);
  if (state.bg !== undefined) codes.push(state.bg);
  return codes.length === 0 ? '' : `\u001b[${codes.join(';')}m`;
}

/** For each line, the SGR sequence in effect at its start (given the style before the first); and the style after the last. */
export function carriedStyles(
  before: SgrState,
  texts: readonly string[],
): { readonly prefixes: string[]; readonly after: SgrState } {
  const prefixes: string[] = [];
  let state = before;
  let prefix = sgrPrefix(state);
  for (const text of texts) {
    prefixes.push(prefix);
    const next = sgrAfter(state, text);
    if (next !== state) {
      state = next;
      prefix = sgrPrefix(state);
    }
  }
  return { prefixes, after: state };
}
