import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const DEBIAN_ROOT = '/usr/lib/postgresql';
/** The superuser of test clusters; trust authentication, so no password. */
export const POSTGRES_TEST_USER = 'skiff';

/** A throwaway PostgreSQL cluster on loopback. */
export interface TestPostgres {
  /** `postgres://skiff@127.0.0.1:PORT/postgres` */
  readonly url: string;
  readonly port: number;
  /** A URL of the same server naming `database` instead. */
  urlFor(database: string): string;
  /** Stop the server at once and delete its files. */
  stop(): Promise<void>;
}

/** Why no cluster could be started (tests skip with this reason). */
export interface NoPostgres {
  readonly reason: string;
}

/** The newest Debian PostgreSQL bin directory (`/usr/lib/postgresql/<ver>/bin`), or undefined. */
export function findPostgresBin(): string | undefined {
  if (!existsSync(DEBIAN_ROOT)) return undefined;
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((entry) => existsSync(path.join(DEBIAN_ROOT, entry, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : path.join(DEBIAN_ROOT, versions[0], 'bin');
}

/**
 * Creates a cluster in a temp dir with Debian's initdb and starts it with pg_ctl on 127.0.0.1 and a
 * free port (socket in the temp dir, fsync off, trust auth for `skiff`). As root, the server runs
 * as the `postgres` system user, since PostgreSQL refuses to run as root. Takes about a second.
 */
export async function startPostgres(): Promise<TestPostgres | NoPostgres> {
  const bin = findPostgresBin();
  if (bin === undefined) {
    return { reason: `no PostgreSQL binaries under ${DEBIAN_ROOT} (install the Debian package postgresql)` };
  }
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await systemUser('postgres') : undefined;
  if (asRoot && owner === undefined) {
    return { reason: 'running as root and there is no postgres system user to run PostgreSQL as' };
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-pg-'));
  if (owner !== undefined) chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, 'data');
  const run = (tool: string, args: string[]) => {
    const argv = [path.join(bin, tool), ...args];
    const [file, ...rest] = owner === undefined ? argv : ['runuser', '-u', 'postgres', '--', ...argv];
    return execFileAsync(file!, rest, { cwd: dir, timeout: 60_000 });
  };
  try {
    await run('initdb', [
      '-D',
      data,
      '-U',
      POSTGRES_TEST_USER,
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    const port = await startOnFreePort(run, data, dir);
    const urlFor = (database: string) => `postgres://${POSTGRES_TEST_USER}@127.0.0.1:${port}/${database}`;
    const watchdog = stopWhenGone(process.pid, owner !== undefined, path.join(bin, 'pg_ctl'), data, dir);
    return {
      url: urlFor('postgres'),
      port,
      urlFor,
      async stop() {
        watchdog.kill();
        await run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']).catch(() => undefined);
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await run('pg_ctl', ['stop', '-D', data, '-m', 'immediate']).catch(() => undefined);
    const log = await fs.readFile(path.join(dir, 'server.log'), 'utf8').catch(() => '');
    await fs.rm(dir, { recursive: true, force: true });
    const detail = (error as { stderr?: string }).stderr || (error as Error).message;
    return { reason: `PostgreSQL could not be started: ${detail.trim()} ${log.trim()}`.trim() };
  }
}

/**
 * A detached shell that stops the server and deletes `dir` once process `pid` is gone: a test
 * worker killed by its pool (no 'exit' event) or crashing still takes its server along.
 */
function stopWhenGone(
  pid: number,
  asPostgres: boolean,
  pgCtl: string,
  data: string,
  dir: string,
): ChildProcess {
  const prefix = asPostgres ? 'runuser -u postgres -- ' : '';
  const script = `while kill -0 ${pid} 2>/dev/null; do sleep 1; done; ${prefix}"$0" stop -D "$1" -m immediate; rm -rf "$2"`;
  const child = spawn('sh', ['-c', script, pgCtl, data, dir], { detached: true, stdio: 'ignore' });
  child.unref();
  return child;
}

type Run = (tool: string, args: string[]) => Promise<unknown>;

/** pg_ctl start on a free port; another process may take the port in between, so try a few. */
async function startOnFreePort(run: Run, data: string, dir: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const options = [
      '-c listen_addresses=127.0.0.1',
      `-c port=${port}`,
      `-c unix_socket_directories=${dir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=100',
    ].join(' ');
    try {
      await run('pg_ctl', [
        'start',
        '-D',
        data,
        '-w',
        '-t',
        '30',
        '-l',
        path.join(dir, 'server.log'),
        '-o',
        options,
      ]);
      return port;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function systemUser(name: string): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const { stdout } = await execFileAsync('id', ['-u', name]);
    const { stdout: gid } = await execFileAsync('id', ['-g', name]);
    return { uid: Number(stdout.trim()), gid: Number(gid.trim()) };
  } catch {
    return undefined;
  }
}

let databases = 0;

/** Run `sql` as the superuser on the test cluster's `postgres` database. */
async function asSuperuser(server: TestPostgres, sql: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database on the test cluster (`<prefix>_<n>`), in `tablespace` when given;
 * resolves to its URL.
 */
export async function freshDatabase(
  server: TestPostgres,
  prefix: string,
  tablespace?: string,
): Promise<string> {
  const name = `${prefix}_${process.pid}_${++databases}`;
  await asSuperuser(server, `CREATE DATABASE ${name}${tablespace ? ` TABLESPACE ${tablespace}` : ''}`);
  return server.urlFor(name);
}

/**
 * A tablespace `name` of the test cluster in the empty directory `dir` (handed to the `postgres`
 * system user when running as root): tables of a database made in it are written there, while the
 * write-ahead log stays in the cluster's own directory.
 */
export async function createTablespace(server: TestPostgres, name: string, dir: string): Promise<void> {
  const owner = process.getuid?.() === 0 ? await systemUser('postgres') : undefined;
  if (owner !== undefined) chownSync(dir, owner.uid, owner.gid);
  await asSuperuser(server, `CREATE TABLESPACE ${name} LOCATION '${dir}'`);
}
