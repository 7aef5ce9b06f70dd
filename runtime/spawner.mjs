// Skiff's process spawner: a small helper process that starts attempt processes for the local
// executor. fork() costs grow with the parent's memory (page tables are copied), so spawning from
// this lean process keeps the per-task cost flat however large the engine's process grows, and
// moves that work off the engine's thread. Protocol (Node IPC, JSON messages):
//   in:  { type: 'run', id, command, args, env?, cwd, logPath }  (no env: the last one sent)
//   out: { type: 'started', id, pid } | { type: 'error', id, code, message } | { type: 'exit', id, code, signal }
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

function send(message) {
  if (process.connected) process.send(message);
}

// The environment of the last request that carried one: requests without `env` reuse it.
let lastEnv = {};

function run({ id, command, args, env: given, cwd, logPath }) {
  if (given) lastEnv = given;
  const env = lastEnv;
  let fd;
  try {
    mkdirSync(dirname(logPath), { recursive: true });
    fd = openSync(logPath, 'a');
  } catch (error) {
    send({
      type: 'error',
      id,
      code: error.code ?? 'EIO',
      message: `cannot open log ${logPath}: ${error.message}`,
    });
    return;
  }
  let child;
  try {
    child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd], detached: true });
  } catch (error) {
    closeSync(fd);
    send({ type: 'error', id, code: error.code ?? 'EINVAL', message: error.message });
    return;
  }
  // The child holds its own copy of the descriptor now.
  closeSync(fd);
  let failed = false;
  child.once('spawn', () => send({ type: 'started', id, pid: child.pid }));
  child.once('error', (error) => {
    failed = true;
    send({ type: 'error', id, code: error.code ?? 'EIO', message: error.message });
  });
  child.once('exit', (code, signal) => {
    if (!failed) send({ type: 'exit', id, code, signal });
  });
}

process.on('message', (message) => {
  if (message && message.type === 'run') run(message);
});
// The engine went away (exit or crash): started processes keep running in their own groups, as
// they would after a crash of the engine itself; `skiff resume` records them as lost.
process.on('disconnect', () => process.exit(0));
