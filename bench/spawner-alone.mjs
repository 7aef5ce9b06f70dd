// The spawner helper alone: N `true` processes started through runtime/spawner.py (the helper the
// local executor uses) by a driver that does nothing else, at parallelism P, side by side (same
// round) with the bare Python posix_spawn loop. Tells how much of a fan-out's time the helper's
// protocol costs (JSON over the IPC pipe, a log file per process, SIGCHLD) apart from the engine.
// Usage: node bench/spawner-alone.mjs [tasks=3000] [parallel=4] [rounds=3]
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { machine, median, posixSpawnLoop, REPO, realPython, tempDir } from './lib.mjs';

const count = Number(process.argv[2] ?? 3000);
const parallel = Number(process.argv[3] ?? 4);
const rounds = Number(process.argv[4] ?? 3);
const python = await realPython();

/** Drive the helper: resolves to the ms from the first request to the last exit. */
function throughHelper() {
  const dir = tempDir('skiff-bench-spawner-');
  const child = spawn(python, ['-I', '-S', join(REPO, 'runtime', 'spawner.py')], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'json',
  });
  return new Promise((resolve, reject) => {
    let sent = 0;
    let ended = 0;
    let started = 0;
    const send = () => {
      const id = ++sent;
      // One log per process in its own folder, made first, as the launcher does for attempts.
      mkdirSync(join(dir, 'a', String(id)), { recursive: true });
      const env = id === 1 ? { env: { PATH: process.env.PATH ?? '' } } : {};
      child.send({ type: 'run', id, command: 'true', args: [], cwd: '.', logPath: `a/${id}/log`, ...env });
    };
    child.on('error', reject);
    child.on('message', (message) => {
      if (message.type === 'ready') {
        started = performance.now();
        for (let i = 0; i < parallel && sent < count; i++) send();
        return;
      }
      if (message.type === 'error') reject(new Error(message.message));
      ended++;
      if (sent < count) send();
      if (ended === count) {
        resolve(performance.now() - started);
        child.disconnect();
      }
    });
  });
}

const helper = [];
const bare = [];
for (let round = 0; round < rounds; round++) {
  const loop = await posixSpawnLoop(python, count, parallel, 'true');
  const ms = await throughHelper();
  bare.push(loop.loopMs);
  helper.push(ms);
  console.log(
    `round ${round}: posix_spawn loop ${(loop.loopMs / count).toFixed(3)} ms/task; through spawner.py ${(ms / count).toFixed(3)} ms/task (${(ms / loop.loopMs).toFixed(2)}×)`,
  );
}
console.log(`\n${count} × \`true\`, parallelism ${parallel}; machine: ${await machine()}`);
console.log(
  `medians: posix_spawn loop ${(median(bare) / count).toFixed(3)} ms/task; through spawner.py ${(median(helper) / count).toFixed(3)} ms/task`,
);
