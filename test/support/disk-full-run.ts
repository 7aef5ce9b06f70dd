import { expect } from 'vitest';
import { lastJson, runCli } from './cli.js';
import { pipeline, task } from './ir-builder.js';

/**
 * first → fill → last, where `fill` fills the disk by writing `filler` (once: `marker` remembers it,
 * and a resumed run may run the task again), then outputs `blobBytes` of random base64 text (0: none).
 */
export function diskFillingPipeline(name: string, marker: string, filler: string, blobBytes = 0): string {
  const fillDisk = `[ -e ${marker} ] || { touch ${marker}; dd if=/dev/zero of=${filler} bs=4k 2>/dev/null; }`;
  const blob = `head -c ${blobBytes} /dev/urandom | base64 -w0 > "{{$.outputs.parameters['blob'].output_file}}"`;
  return pipeline(
    name,
    {
      first: { script: 'echo first' },
      fill:
        blobBytes > 0
          ? { outputs: { blob: 'STRING' }, script: `${fillDisk}; ${blob}` }
          : { script: `${fillDisk}; echo filled` },
      last: { script: 'echo last' },
    },
    {
      tasks: {
        first: task('first'),
        fill: task('fill', { dependentTasks: ['first'] }),
        last: task('last', { dependentTasks: ['fill'] }),
      },
    },
  );
}

/**
 * After a run of {@link diskFillingPipeline} was stopped by the full disk and space was freed: the
 * run is still unfinished, `skiff resume` finishes it, and nothing recorded was lost (`first` ran once).
 */
export async function expectResumeFinishes(home: string, flags: readonly string[] = []): Promise<void> {
  const list = await runCli(['runs', 'list', '--json', ...flags], { home });
  expect(list.code, list.stderr).toBe(0);
  const runs = lastJson<{ id: string; state: string }[]>(list.stdout);
  expect(runs).toHaveLength(1);
  expect(['RUNNING', 'PENDING']).toContain(runs[0]!.state);
  const resumed = await runCli(['resume', runs[0]!.id, '--json', ...flags], { home, timeoutMs: 60_000 });
  expect(resumed.code, resumed.stderr).toBe(0);
  const got = await runCli(['runs', 'get', runs[0]!.id, '--json', ...flags], { home });
  expect(got.code, got.stderr).toBe(0);
  const detail = lastJson<{ run: { state: string }; tasks: { path: string; attempts: unknown[] }[] }>(
    got.stdout,
  );
  expect(detail.run.state).toBe('SUCCEEDED');
  expect(detail.tasks.find((t) => t.path === 'first')?.attempts).toHaveLength(1);
}
