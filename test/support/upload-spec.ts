import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline, task } from './ir-builder.js';

/** What {@link uploadSpec} writes and does. */
export interface UploadOptions {
  readonly sizeBytes: number;
  readonly source?: string;
  readonly after?: string;
  readonly retryPolicy?: Record<string, unknown>;
}

/**
 * A pipeline of one task `big` that writes a dataset of `sizeBytes` (from `source`, /dev/zero by
 * default), touches `marker` so a test knows the upload comes next, then runs `after` (e.g. `sleep 1`).
 */
export function uploadSpec(name: string, marker: string, options: UploadOptions): string {
  const after = options.after === undefined ? '' : ` && ${options.after}`;
  const spec = JSON.parse(
    pipeline(
      name,
      {
        big: {
          outputArtifacts: { data: 'system.Dataset' },
          script: `mkdir -p "$(dirname "$0")" && head -c ${options.sizeBytes} ${options.source ?? '/dev/zero'} > "$0" && touch '${marker}'${after}`,
        },
      },
      {
        tasks: {
          big: task('big', options.retryPolicy === undefined ? {} : { retryPolicy: options.retryPolicy }),
        },
      },
    ),
  );
  spec.deploymentSpec.executors['exec-big'].container.args = ["{{$.outputs.artifacts['data'].path}}"];
  return JSON.stringify(spec);
}

/** Resolves once `file` exists; rejects after `timeoutMs`. */
export async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** {@link uploadSpec} written to `upload.json` in a new scratch directory; the marker goes there too. */
export function writeUploadSpec(name: string, options: UploadOptions): { spec: string; marker: string } {
  const scratch = mkdtempSync(join(tmpdir(), `skiff-${name}-`));
  const marker = join(scratch, 'written');
  const spec = join(scratch, 'upload.json');
  writeFileSync(spec, uploadSpec(name, marker, options));
  return { spec, marker };
}
