import type { JsonValue } from './types.js';

/**
 * The text a STRING input receives for a value of another kind, as KFP's backend makes it
 * (`metadata.PbValueToText`): a number in Go's `strconv.FormatFloat(v, 'f', -1, 64)` (shortest
 * digits that read back as the same number, never an exponent: `1e21` is 22 digits, `-0` is "-0"),
 * a bool as "true"/"false", null as "", a list or struct as the JSON Go writes for it (`goJson`).
 */
export function parameterText(value: JsonValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return fixedDecimal(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return goJson(value);
}

/**
 * JSON of a protobuf list or struct as the backend writes it (protojson through Go's
 * `json.Marshal`): compact; struct keys in UTF-8 byte order; numbers as JavaScript writes them
 * (exponent below 1e-6 and from 1e21), except `-0`; `<`, `>`, `&`, U+2028, U+2029 and DEL escaped.
 */
export function goJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const keys = Object.keys(value).sort(byCodePoint);
  return `{${keys.map((key) => `${goString(key)}:${goJson((value as Record<string, JsonValue>)[key]!)}`).join(',')}}`;
}

/** `n` as decimal digits without an exponent, with the fewest digits that identify it. */
function fixedDecimal(n: number): string {
  if (Object.is(n, -0)) return '-0';
  if (!Number.isFinite(n)) return String(n);
  const [mantissa = '', exponentText = '0'] = n.toExponential().split('e');
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  const exponent = Number(exponentText);
  if (exponent >= digits.length - 1) return sign + digits + '0'.repeat(exponent - digits.length + 1);
  if (exponent >= 0) return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

// Control characters, DEL, `"`, `\`, the HTML-sensitive `<>&`, the line separators Go escapes,
// and lone surrogates (Go holds UTF-8: a lone surrogate reads as U+FFFD there).
const NEEDS_ESCAPE =
  /[\u0000-\u001f"\\\u007f<>&\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function goString(text: string): string {
  return `"${text.replace(NEEDS_ESCAPE, (c) => {
    const short = SHORT_ESCAPES[c];
    if (short) return short;
    if (c >= '\ud800' && c <= '\udfff') return '\ufffd';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  })}"`;
}

/** Code point order, which is the byte order of UTF-8 (Go's order for map keys). */
function byCodePoint(a: string, b: string): number {
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}
