/**
 * Some KFP specs in the wild (re-indented by formatters) continue a quoted scalar of a sequence
 * entry at the same column as its `-`. PyYAML and Go's yaml accept that; the YAML 1.2 spec and
 * the `yaml` package do not. This repair indents such continuation lines; the leading spaces of
 * a quoted scalar's continuation lines are not part of its value, so the value is unchanged.
 */

const FLOW_SCALAR_START = /^( *)(?:- +|- +[^\s#'"][^#]*?: +|[^\s#'"-][^#]*?: +)(["'])/;
const BLOCK_SCALAR_HEADER = /(?:^|[:-] +)[|>][-+0-9]*\s*(?:#.*)?$/;

/** Returns `text` with under-indented quoted-scalar continuation lines indented, or undefined if none were. */
export function repairQuotedScalarIndent(text: string): string | undefined {
  const lines = text.split('\n');
  let changed = false;
  let quote: '"' | "'" | undefined;
  let baseIndent = 0;
  let blockIndent: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const indent = leadingSpaces(line);
    if (quote === undefined) {
      if (blockIndent !== undefined) {
        if (line.trim() === '' || indent > blockIndent) continue;
        blockIndent = undefined;
      }
      const start = FLOW_SCALAR_START.exec(line);
      if (start) {
        const open = start[2] as '"' | "'";
        const offset = start[0].length;
        if (!closesOn(line, offset, open)) {
          quote = open;
          baseIndent = start[1]!.length;
        }
      } else if (BLOCK_SCALAR_HEADER.test(line)) {
        blockIndent = indent;
      }
      continue;
    }
    if (line.trim() === '') continue;
    let current = line;
    if (indent <= baseIndent) {
      current = ' '.repeat(baseIndent + 2 - indent) + line;
      lines[i] = current;
      changed = true;
    }
    if (closesOn(current, leadingSpaces(current), quote)) quote = undefined;
  }
  return changed ? lines.join('\n') : undefined;
}

function leadingSpaces(line: string): number {
  let n = 0;
  while (line[n] === ' ') n++;
  return n;
}

/** True when the quoted scalar open at `from` (just after the opening quote, or a line start) closes on this line. */
function closesOn(line: string, from: number, quote: '"' | "'"): boolean {
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (quote === '"' && c === '\\') {
      i++;
    } else if (c === quote) {
      if (quote === "'" && line[i + 1] === "'") {
        i++;
      } else {
        return true;
      }
    }
  }
  return false;
}
