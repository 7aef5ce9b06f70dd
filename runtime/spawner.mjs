// Skiff's process spawner: a small helper process that starts attempt processes for the local
// executor. fork() costs grow with the parent's memory (page tables are copied), so spawning from
// this lean process keeps the per-task cost flat however large the engine's process grows, and
// moves that work off the engine's thread. Protocol (Node IPC, JSON messages):
//   in:  { type: 'run', id, command, args, env?, cwd, logPath }  (no env: the last one sent)
//        { type: 'kill', id, signal }  (signals the process group of a running request)
//   out: { type: 'error', id, code, message } | { type: 'exit', id, pid, code, signal }
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

function send(message) {
  if (process.connected) process.send(message);
}

// The environment of the last request that carried one: requests without `env` reuse it.
let lastEnv = {};
// Log directories made already (one per run): later requests skip the mkdir.
const madeDirs = new Set();
// Process group of each running request.
const running = new Map();

function kill({ id, signal }) {
  const pid = running.get(id);
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

/** Open a log for appending; its directory is made once, or again if it went away meanwhile. */
function openLog(logPath) {
  const dir = dirname(logPath);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  try {
    return openSync(logPath, 'a');
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    mkdirSync(dir, { recursive: true });
    return openSync(logPath, 'a');
  }
}

function run({ id, command, args, env: given, cwd, logPath }) {
  if (given) lastEnv = given;
  const env = lastEnv;
  let fd;
  try {
    fd = openLog(logPath);
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
  const pid = child.pid;
  if (pid !== undefined) running.set(id, pid);
  child.once('error', (error) => {
    failed = true;
    running.delete(id);
    send({ type: 'error', id, code: error.code ?? 'EIO', message: error.message });
  });
  child.once('exit', (code, signal) => {
    running.delete(id);
    if (!failed) send({ type: 'exit', id, pid, code, signal });
  });
}

process.on('message', (message) => {
  if (message?.type === 'run') run(message);
  else if (message?.type === 'kill') kill(message);
});
// The engine went away (exit or crash): started processes keep running in their own groups, as
// they would after a crash of the engine itself; `skiff resume` records them as lost.
process.on('disconnect', () => process.exit(0));
