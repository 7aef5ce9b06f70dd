import { configKeys } from './config-keys.js';
import { ENV_VARS } from './env-vars.js';
import { STORAGE_DOC } from './storage-doc.js';

/** docs/configuration.md, generated from the schema and the env-var table (`npm run docs`). */
export function renderConfigDoc(): string {
  const lines = [
    '# Configuration',
    '',
    'Skiff reads one configuration, resolved once at start and handed to every part. Layers, lowest first:',
    'defaults < config file < environment < command-line flags < per-run values. `skiff config` prints every',
    'effective value with its source (`default`, `file:<path>`, `env:<NAME>`, `flag:<--flag>`, `run:<id>`);',
    'secrets are masked everywhere. Unknown keys are rejected with their path, source and a "did you mean".',
    '',
    'The config file is the first of: `--config FILE`, `$SKIFF_CONFIG`, `./skiff.yaml`, `~/.config/skiff/config.yaml`.',
    'A file named by `--config` or `$SKIFF_CONFIG` must exist. `~` expands to your home directory.',
    '',
    '```yaml',
    '# skiff.yaml',
    'home: ~/.skiff',
    'pipelineRoot: file://~/.skiff/artifacts',
    'metadata: { url: sqlite://~/.skiff/skiff.db }',
    'engine: { maxParallelTasks: 4, cache: true }',
    'executor: { python: { interpreter: python3, kfpRuntime: auto } }',
    '```',
    '',
    '## Keys',
    '',
    '| key | type | default | environment | meaning |',
    '|---|---|---|---|---|',
  ];
  for (const key of configKeys()) {
    const def = key.defaultDoc === undefined ? '(none)' : `\`${key.defaultDoc}\``;
    lines.push(
      `| \`${key.path}\` | ${key.type.replace(/\|/g, '\\|')} | ${def} | \`${key.env}\` | ${key.meta.description} |`,
    );
  }
  lines.push('', '## Environment variables', '', '| name | sets | meaning |', '|---|---|---|');
  for (const v of ENV_VARS) {
    const sets = v.key ? `\`${v.key}\`` : v.feeds ? v.feeds.replace(/^[\w.]+/, (key) => `\`${key}\``) : '-';
    lines.push(`| \`${v.name}\` | ${sets} | ${v.meaning} |`);
  }
  lines.push(
    '',
    '## Flags',
    '',
    'Every command accepts `--config FILE`, `--home DIR`, `--pipeline-root URI`, `--metadata-url URL`,',
    '`--max-parallel-tasks N` and `--kfp-launcher FILE`; their source shows as `flag:--pipeline-root` and so on.',
    ...STORAGE_DOC,
  );
  return `${lines.join('\n')}\n`;
}
