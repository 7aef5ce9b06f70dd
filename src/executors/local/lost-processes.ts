import fs from 'node:fs/promises';

const PROC = '/proc';
const ACCESS_MODE = 0o3;
const READ_ONLY = 0o0;

/**
 * Process groups of the processes that hold `path` open for writing, read from /proc (Linux);
 * none where /proc is missing. An attempt's processes write its log through inherited stdout and
 * stderr, so after Skiff itself was killed this finds what its attempt left running, without any
 * process id having been recorded. Readers (`tail -f`, `skiff logs --follow`) are not writers.
 */
export async function writerGroups(path: string): Promise<Map<number, number[]>> {
  const target = await fs.realpath(path).catch(() => path);
  let entries: string[];
  try {
    entries = await fs.readdir(PROC);
  } catch {
    return new Map();
  }
  const own = new Set([process.pid, await groupOf(process.pid)]);
  const groups = new Map<number, number[]>();
  await Promise.all(
    entries
      .filter((name) => /^\d+$/.test(name))
      .map(async (name) => {
        const pid = Number(name);
        if (own.has(pid) || !(await writes(pid, target))) return;
        const group = await groupOf(pid);
        if (group === undefined || group <= 1 || own.has(group)) return;
        groups.set(group, [...(groups.get(group) ?? []), pid]);
      }),
  );
  return groups;
}

/**
 * Terminate the process groups writing `path`: SIGTERM, then SIGKILL for groups still there after
 * `graceMs`. Resolves to the number of groups found.
 */
export async function terminateWriters(path: string, graceMs: number): Promise<number> {
  const groups = await writerGroups(path);
  if (groups.size === 0) return 0;
  const writers = [...groups.values()].flat();
  for (const group of groups.keys()) signalGroup(group, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while ((await anyRunning(writers)) && Date.now() < deadline) await sleep(20);
  for (const group of groups.keys()) signalGroup(group, 'SIGKILL');
  const killDeadline = Date.now() + 1000;
  while ((await anyRunning(writers)) && Date.now() < killDeadline) await sleep(20);
  return groups.size;
}

/** True while one of `pids` runs (an exited process its parent has not reaped yet does not). */
async function anyRunning(pids: readonly number[]): Promise<boolean> {
  const states = await Promise.all(pids.map(stateOf));
  return states.some((state) => state !== undefined && state !== 'Z' && state !== 'X');
}

/** True when process `pid` has `target` open for writing (false when it cannot be inspected). */
async function writes(pid: number, target: string): Promise<boolean> {
  let fds: string[];
  try {
    fds = await fs.readdir(`${PROC}/${pid}/fd`);
  } catch {
    return false; // gone meanwhile, or another user's process
  }
  for (const fd of fds) {
    const link = await fs.readlink(`${PROC}/${pid}/fd/${fd}`).catch(() => '');
    if (link !== target) continue;
    const info = await fs.readFile(`${PROC}/${pid}/fdinfo/${fd}`, 'utf8').catch(() => '');
    const flags = /^flags:\s*([0-7]+)/m.exec(info)?.[1];
    if (flags !== undefined && (Number.parseInt(flags, 8) & ACCESS_MODE) !== READ_ONLY) return true;
  }
  return false;
}

/** Fields 3 onwards of /proc/PID/stat (state, parent, group...), or undefined when it is gone. */
async function statOf(pid: number): Promise<string[] | undefined> {
  const stat = await fs.readFile(`${PROC}/${pid}/stat`, 'utf8').catch(() => undefined);
  // The command name (field 2) is in parentheses and may hold spaces: fields follow the last ")".
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
}

async function stateOf(pid: number): Promise<string | undefined> {
  return (await statOf(pid))?.[0];
}

/** The process group of `pid` (field 5 of /proc/PID/stat), or undefined. */
async function groupOf(pid: number): Promise<number | undefined> {
  const group = Number((await statOf(pid))?.[2]);
  return Number.isInteger(group) ? group : undefined;
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
