/** A run of text on one YAML line and how it is coloured. */
export interface YamlToken {
  readonly text: string;
  readonly kind: 'key' | 'string' | 'number' | 'literal' | 'comment' | 'punct' | 'plain';
}

const NUMBER = /^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|\.inf|\.nan)$/i;
const LITERAL = /^(true|false|null|~|yes|no)$/i;

/** The kind of a scalar value as written. */
function scalarKind(text: string): YamlToken['kind'] {
  const trimmed = text.trim();
  if (trimmed.startsWith('"') || trimmed.startsWith("'")) return 'string';
  if (NUMBER.test(trimmed)) return 'number';
  if (LITERAL.test(trimmed)) return 'literal';
  if (
    trimmed === '|' ||
    trimmed === '>' ||
    trimmed === '|-' ||
    trimmed === '>-' ||
    trimmed === '{}' ||
    trimmed === '[]'
  )
    return 'punct';
  return 'plain';
}

/** Where a `#` comment starts outside quotes (or -1). */
function commentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || line[i - 1] === ' ')) return i;
  }
  return -1;
}

/** Where a mapping key ends (its `:` followed by a space or the end), outside quotes (or -1). */
function keyEnd(text: string): number {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if ((c === '"' || c === "'") && i === 0) quote = c;
    else if (c === ':' && (i + 1 === text.length || text[i + 1] === ' ')) return i;
  }
  return -1;
}

/**
 * Tokens of one line of block YAML as `yaml.stringify` writes it (indent, `- `, `key:`, scalar,
 * comment); text inside a block scalar comes out as plain. Joining the tokens gives the line back.
 */
export function tokenizeYamlLine(line: string): YamlToken[] {
  const tokens: YamlToken[] = [];
  const hash = commentStart(line);
  const body = hash < 0 ? line : line.slice(0, hash);
  const indent = /^\s*(- )*/.exec(body)?.[0] ?? '';
  if (indent !== '') tokens.push({ text: indent, kind: indent.includes('-') ? 'punct' : 'plain' });
  let rest = body.slice(indent.length);
  const end = keyEnd(rest);
  if (end > 0) {
    tokens.push({ text: rest.slice(0, end), kind: 'key' }, { text: ':', kind: 'punct' });
    rest = rest.slice(end + 1);
  }
  if (rest !== '') {
    const lead = /^\s*/.exec(rest)?.[0] ?? '';
    if (lead !== '') tokens.push({ text: lead, kind: 'plain' });
    const value = rest.slice(lead.length);
    if (value !== '') tokens.push({ text: value, kind: scalarKind(value) });
  }
  if (hash >= 0) tokens.push({ text: line.slice(hash), kind: 'comment' });
  return tokens;
}
