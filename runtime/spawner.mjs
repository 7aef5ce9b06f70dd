// Skiff's process spawner: a small helper process that starts attempt processes for the local
// executor. fork() costs grow with the parent's memory (page tables are copied), so spawning from
// this lean process keeps the per-task cost flat however large the engine's process grows, and
// moves that work off the engine's thread. Protocol (Node IPC, JSON messages):
//   in:  { type: 'run', id, command, args, env?, cwd, logPath }  (no env: the last one sent)
//        { type: 'kill', id, signal }  (signals the process group of a running request)
//        or a list of these (sent together, handled in order)
//   out: { type: 'error', id, code, message } | { type: 'exit', id, pid, code, signal }
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

function send(message) {
  if (process.connected) process.send(message);
}

// The environment of the last request that carried one: requests without `env` reuse it.
let lastEnv = {};
// Process group of each running request.
const running = new Map();

function kill({ id, signal }) {
  const pid = running.get(id);
  if (pid !== undefined) signalGroup(pid, signal);
}

/** Open a log for appending. The launcher has made its directory: it is made here only if missing. */
function openLog(logPath) {
  try {
    return openSync(logPath, 'a');
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    mkdirSync(dirname(logPath), { recursive: true });
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
    // What the task left running in its process group ends with it, as in a pod. Node reaps the
    // leader before this event, but its id cannot be given to another process while the group
    // still has members, and no group has it once they are gone (then this signals nothing).
    if (pid !== undefined) signalGroup(pid, 'SIGKILL');
    if (!failed) send({ type: 'exit', id, pid, code, signal });
  });
}

function handle(message) {
  if (message?.type === 'run') run(message);
  else if (message?.type === 'kill') kill(message);
}

process.on('message', (message) => {
  if (Array.isArray(message)) for (const one of message) handle(one);
  else handle(message);
});
// Ctrl-C at a terminal, a closed terminal or a signal to the whole process group reach this helper
// too: the engine decides what happens to the tasks, and this helper must stay to do it.
for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT']) process.on(name, () => {});

// The engine went away (exit or crash): no process it started may outlive it. Every group gets
// SIGTERM, then SIGKILL after a grace period (at once when none is left).
process.on('disconnect', () => {
  const groups = [...running.values()];
  for (const pid of groups) signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + 2000;
  const finish = () => {
    if (running.size > 0 && Date.now() < deadline) {
      setTimeout(finish, 20);
      return;
    }
    for (const pid of groups) signalGroup(pid, 'SIGKILL');
    process.exit(0);
  };
  finish();
});

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}
