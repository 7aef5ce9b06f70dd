import fs from 'node:fs/promises';
import path from 'node:path';

/** Kernel file systems that present state, not storage (statfs f_type → name). */
const PSEUDO_TYPES: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0x6165676c, 'pstore'],
  [0xde5e81e4, 'efivarfs'],
  [0x19800202, 'mqueue'],
  [0x42494e4d, 'binfmt_misc'],
  [0x65735543, 'fusectl'],
]);

/** Directories that hold kernel state or devices whatever file system they are (devtmpfs is a tmpfs). */
const PSEUDO_DIRS: readonly { readonly dir: string; readonly name: string; readonly except?: string }[] = [
  { dir: '/proc', name: 'proc' },
  { dir: '/sys', name: 'sysfs' },
  { dir: '/dev', name: 'devtmpfs', except: '/dev/shm' },
];

/** The nearest existing directory at or above `dir` (nothing is created). */
async function nearestExisting(dir: string): Promise<string> {
  let current = path.resolve(dir);
  for (;;) {
    try {
      await fs.stat(current);
      return await fs.realpath(current);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

function isUnder(file: string, dir: string): boolean {
  return file === dir || file.startsWith(`${dir}/`);
}

/**
 * The pseudo file system `dir` is (or would be created) on, with where it is mounted, e.g.
 * `{ name: 'proc', at: '/proc' }`; undefined for real storage. Nothing is created or written:
 * the nearest existing ancestor is resolved and its file system type read (statfs). A pseudo file
 * system cannot hold artifacts, and some make Node's recursive mkdir loop forever (/proc).
 */
export async function pseudoFileSystemOf(
  dir: string,
): Promise<{ readonly name: string; readonly at: string } | undefined> {
  const existing = await nearestExisting(dir);
  for (const candidate of [path.resolve(dir), existing]) {
    for (const pseudo of PSEUDO_DIRS) {
      if (isUnder(candidate, pseudo.dir) && !(pseudo.except && isUnder(candidate, pseudo.except)))
        return { name: pseudo.name, at: pseudo.dir };
    }
  }
  const type = await fs.statfs(existing).then(
    (stat) => stat.type,
    () => undefined,
  );
  const name = type === undefined ? undefined : PSEUDO_TYPES.get(type);
  return name === undefined ? undefined : { name, at: existing };
}

/** Why `dir` cannot hold files (`is on /proc, a pseudo file system (proc) ...`), or undefined when it can. */
export async function pseudoFileSystemProblem(dir: string): Promise<string | undefined> {
  const pseudo = await pseudoFileSystemOf(dir);
  return pseudo === undefined
    ? undefined
    : `is on ${pseudo.at}, a pseudo file system (${pseudo.name}) that holds kernel state, not files`;
}
