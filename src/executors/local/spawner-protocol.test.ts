import { type ChildProcess, fork, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PYTHON_SPAWNER_PATH, SPAWNER_PATH } from './spawner-client.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-spawner-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const helpers: { name: string; start: () => ChildProcess }[] = [
  {
    name: 'the Node helper',
    start: () =>
      fork(SPAWNER_PATH, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' }),
  },
  {
    name: 'the Python helper',
    start: () =>
      spawn('python3', ['-I', '-S', PYTHON_SPAWNER_PATH], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'json',
      }),
  },
];

describe.each(helpers)('the spawner protocol of $name', ({ start }) => {
  it('handles requests sent together as a list, in order, each as if sent alone', async () => {
    const child = start();
    try {
      const exits = new Map<number, unknown>();
      const ended = new Promise<void>((resolve) => {
        child.on('message', (message: { type: string; id: number; code: number | null }) => {
          if (message.type === 'ready') return;
          exits.set(message.id, message.type === 'exit' ? message.code : message.type);
          if (exits.size === 3) resolve();
        });
      });
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
      const run = (id: number, script: string) => ({
        type: 'run',
        id,
        command: 'sh',
        args: ['-c', script],
        cwd: dir,
        logPath: path.join(dir, `${id}.log`),
      });
      child.send([
        { ...run(1, 'echo one; exit 3'), env },
        run(2, 'echo two'),
        run(3, 'sleep 30'),
        { type: 'kill', id: 3, signal: 'SIGKILL' },
      ]);
      await ended;
      expect(exits.get(1)).toBe(3);
      expect(exits.get(2)).toBe(0);
      expect(exits.get(3)).toBeNull();
      expect(await fs.readFile(path.join(dir, '1.log'), 'utf8')).toBe('one\n');
      expect(await fs.readFile(path.join(dir, '2.log'), 'utf8')).toBe('two\n');
    } finally {
      child.kill();
    }
  });
});

describe('the Python helper when the engine goes away abruptly', () => {
  it('ends quietly (no traceback) when the engine closes its end with the "ready" message unread', async () => {
    // A driver in Python gives the helper a raw socket as fd 3, sends a request, reads nothing and
    // closes: the helper's next read fails with ECONNRESET, as after a `skiff run` that exits at once.
    const driver = [
      'import os, socket, subprocess, sys, time',
      'engine, helper = socket.socketpair()',
      `p = subprocess.Popen([sys.executable, '-I', '-S', ${JSON.stringify(PYTHON_SPAWNER_PATH)}], close_fds=False, stderr=subprocess.PIPE, preexec_fn=lambda: os.dup2(helper.fileno(), 3))`,
      'helper.close()',
      'time.sleep(0.5)',
      `engine.sendall(b'{"type":"kill","id":1,"signal":"SIGTERM"}\\n')`,
      'engine.close()',
      'err = p.stderr.read().decode()',
      'print(p.wait(), repr(err))',
    ].join('\n');
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('python3', ['-c', driver], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      child.on('error', reject);
      child.on('close', () => resolve(text.trim()));
    });
    expect(output).toBe("0 ''");
  });
});
