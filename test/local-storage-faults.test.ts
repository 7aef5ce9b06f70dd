import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, runCli, tempHome } from './support/cli.js';
import { pipeline, task } from './support/ir-builder.js';

// Local pipeline roots and inputs a user can get wrong: a root that cannot be written, a pseudo
// file system as the root, and a pipeline file that is not a regular file. Each ends at once, with
// a registry code, the object named and a fix; nothing runs.

const marker = 'task-ran';

function spec(home: string): string {
  const file = join(home, 'pipeline.json');
  const doc = pipeline(
    'local-faults',
    { a: { script: `echo ${marker} > "${home}/${marker}"` } },
    {
      tasks: { a: task('a') },
    },
  );
  writeFileSync(file, doc);
  return file;
}

interface RunJson {
  run_id: string;
  state: string;
  tasks: unknown[];
}

describe('a pipeline root on a read-only file system (the directory exists)', () => {
  const home = tempHome('skiff-ro-root-');
  const mount = join(home, 'ro');
  beforeAll(() => {
    mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]);
    mkdirSync(join(mount, 'artifacts'));
    execFileSync('mount', ['-o', 'remount,ro', mount]);
  });
  afterAll(() => execFileSync('umount', [mount]));

  it('fails the run at the storage gate, before the task runs, with the probe write named', async () => {
    const root = `file://${mount}/artifacts`;
    const result = await runCli(['run', spec(home), '--json', '--pipeline-root', root], { home });
    expect(result.code, result.stderr).toBe(1);
    const run = lastJson<RunJson>(result.stdout);
    expect(run.state).toBe('FAILED');
    expect(run.tasks).toEqual([]);
    expect(readdirSync(home)).not.toContain(marker);
    const got = await runCli(['runs', 'get', run.run_id], { home });
    expect(got.stdout).toContain(
      `SKIFF_STORAGE_IO: pipeline root ${root} (set in flag:--pipeline-root) cannot write a probe file`,
    );
    expect(got.stdout).toContain('EROFS');
  });
});

describe('a pseudo file system as the pipeline root', () => {
  it.each([
    'file:///proc/skiff-artifacts',
    'file:///sys/skiff',
  ])('refuses %s at once as bad input (exit 2), naming the file system', async (root) => {
    const home = tempHome('skiff-proc-root-');
    const started = Date.now();
    const result = await runCli(['run', spec(home), '--json', '--pipeline-root', root], {
      home,
      timeoutMs: 20_000,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code, result.stderr).toBe(2);
    const run = lastJson<RunJson>(result.stdout);
    expect(run.tasks).toEqual([]);
    const got = await runCli(['runs', 'get', run.run_id], { home });
    expect(got.stdout).toContain(
      `SKIFF_STORAGE_BAD_URI: pipeline root ${root} (set in flag:--pipeline-root)`,
    );
    expect(got.stdout).toContain('pseudo file system');
  });

  it('`skiff doctor` fails the same root with the same code', async () => {
    const home = tempHome('skiff-proc-doctor-');
    const result = await runCli(['doctor', '--pipeline-root', 'file:///proc/skiff'], {
      home,
      timeoutMs: 20_000,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('SKIFF_STORAGE_BAD_URI');
  });
});

describe('a pipeline file that is not a regular file', () => {
  it('refuses a named pipe nobody writes to at once (exit 2, SKIFF_IR_READ), without opening it', async () => {
    const home = tempHome('skiff-fifo-');
    const fifo = join(home, 'pipeline.yaml');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const result = await runCli(['run', fifo], { home, timeoutMs: 20_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `SKIFF_IR_READ: pipeline file ${fifo} cannot be read: it is a named pipe (FIFO)`,
    );
    expect(result.stderr).toContain('fix: Pass the path of a regular file');
    expect(result.stderr).not.toContain('    at ');
  });
});

describe('an output artifact holding a link out of it', () => {
  it('fails the task with SKIFF_OUTPUT_LINK, naming the link, and stores nothing of it', async () => {
    const home = tempHome('skiff-out-link-');
    const file = join(home, 'pipeline.json');
    writeFileSync(
      file,
      pipeline(
        'out-link',
        {
          leak: {
            outputArtifacts: { data: 'system.Dataset' },
            script: 'mkdir -p "$0" && echo ok > "$0/ok.txt" && ln -s /etc/passwd "$0/passwd-link"',
            args: ["{{$.outputs.artifacts['data'].path}}"],
          },
        },
        { tasks: { leak: task('leak') } },
      ),
    );
    const result = await runCli(['run', file, '--json'], { home, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(1);
    const run = lastJson<RunJson>(result.stdout);
    expect(run.state).toBe('FAILED');
    const got = await runCli(['runs', 'get', run.run_id], { home });
    expect(got.stdout).toContain('SKIFF_OUTPUT_LINK');
    expect(got.stdout).toContain('passwd-link -> /etc/passwd');
    const links = execFileSync('find', [join(home, 'artifacts'), '-type', 'l'], { encoding: 'utf8' });
    expect(links).toBe('');
  });
});

describe('state on a pseudo file system', () => {
  it('refuses a home on /proc at once (exit 2), naming home and where it was set', async () => {
    const started = Date.now();
    const result = await runCli(['runs', 'list'], { home: '/proc/skiff-home', timeoutMs: 15_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('SKIFF_CONFIG_INVALID: home "/proc/skiff-home" (set in env:SKIFF_HOME)');
    expect(result.stderr).toContain('pseudo file system (proc)');
  });

  it('refuses a SQLite metadata store on /sys at once, naming metadata.url', async () => {
    const result = await runCli(['runs', 'list', '--metadata-url', 'sqlite:///sys/skiff/skiff.db'], {
      home: tempHome('skiff-sys-db-'),
      timeoutMs: 15_000,
    });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('SKIFF_METADATA_OPEN');
    expect(result.stderr).toContain('pseudo file system (sysfs)');
  });
});
