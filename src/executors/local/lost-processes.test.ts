import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { terminateWriters, writerGroups } from './lost-processes.js';

let dir: string;
const started: number[] = [];
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-lost-'));
});
afterEach(async () => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  await fs.rm(dir, { recursive: true, force: true });
});

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return !/\) [ZX] /.test(stat);
}

/** A detached process group writing `log` (like an attempt), with a child in the same group. */
async function attemptLike(log: string, script: string): Promise<{ leader: number; child: number }> {
  const pidFile = path.join(dir, `child-${started.length}.pid`);
  const fd = openSync(log, 'a');
  const proc = spawn('sh', ['-c', `sleep 30 & echo $! > ${pidFile}; ${script}; wait`], {
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  proc.unref();
  started.push(proc.pid!);
  for (let i = 0; i < 200 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 10));
  return { leader: proc.pid!, child: Number((await fs.readFile(pidFile, 'utf8')).trim()) };
}

describe.skipIf(!existsSync('/proc/self/fdinfo'))('terminating what a lost attempt left running', () => {
  it('finds the process group writing a log, and terminates leader and children', async () => {
    const log = path.join(dir, 'attempt-1.log');
    const { leader, child } = await attemptLike(log, 'true');
    expect([...(await writerGroups(log)).keys()]).toEqual([leader]);
    expect(await terminateWriters(log, 500)).toBe(1);
    expect(running(leader)).toBe(false);
    expect(running(child)).toBe(false);
  });

  it('sends SIGKILL after the grace period to a group that ignores SIGTERM', async () => {
    const log = path.join(dir, 'attempt-1.log');
    const { leader } = await attemptLike(log, 'trap "" TERM; while true; do sleep 0.05; done');
    const startedAt = Date.now();
    expect(await terminateWriters(log, 300)).toBe(1);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
    expect(running(leader)).toBe(false);
  });

  it('leaves readers of the log and writers of other logs alone', async () => {
    const log = path.join(dir, 'attempt-1.log');
    const other = await attemptLike(path.join(dir, 'attempt-2.log'), 'true');
    await fs.writeFile(log, '');
    const reader = spawn('tail', ['-f', log], { detached: true, stdio: 'ignore' });
    started.push(reader.pid!);
    await new Promise((r) => setTimeout(r, 100));
    expect(await terminateWriters(log, 300)).toBe(0);
    expect(running(reader.pid!)).toBe(true);
    expect(running(other.leader)).toBe(true);
  });
});
