import { ERROR_CODES } from './codes.js';

/** docs/errors.md, generated from the registry (`npm run docs`); a test keeps the file in sync. */
export function renderErrorsDoc(): string {
  const lines = [
    '# Error codes',
    '',
    'Every error Skiff reports carries one of these codes, a message naming the object, the bad',
    'value and the rule, and a fix. "Input" errors are bad input: the CLI exits 2 and nothing runs (a run',
    'whose pipeline root the storage gate refuses with one of them is recorded FAILED, with no task, and',
    '`skiff run` exits 2); other errors exit 1. With `--json`, the CLI also prints the error on stdout as',
    'one JSON object, `{"error": {"code", "message", "location", "fix"}}` (`location` when known). The',
    'server answers input errors with HTTP 400 (404 for `*_NOT_FOUND`, 401 for',
    '`SKIFF_API_UNAUTHENTICATED`, 405, 409, 413 and 415 for the `SKIFF_API_*` codes that say so).',
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
