import { ERROR_CODES } from './codes.js';

/** docs/errors.md, generated from the registry (`npm run docs`); a test keeps the file in sync. */
export function renderErrorsDoc(): string {
  const lines = [
    '# Error codes',
    '',
    'Every error Skiff reports carries one of these codes, a message naming the object, the bad',
    'value and the rule, and a fix. "Input" errors are bad input: the CLI exits 2 and nothing runs.',
    'Kind is the failure kind an attempt ending with this error gets (every kind but CANCELED is retried).',
    '',
    '| code | meaning | input | kind | fix |',
    '|---|---|---|---|---|',
  ];
  for (const [code, info] of Object.entries(ERROR_CODES)) {
    lines.push(
      `| \`${code}\` | ${info.summary} | ${info.badInput ? 'yes' : 'no'} | ${info.kind} | ${info.fix} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
