// deploy/image/build-offline.sh: Skiff's image built from Debian packages, this machine's node and
// the built bundle, as a docker-archive tarball; then Skiff run inside its root file system.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './support/cli.js';

const SCRIPT = join(REPO, 'deploy', 'image', 'build-offline.sh');
const TAG = 'localhost/skiff:test';
const VERSION: string = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version;

/** Why the image cannot be built here, or undefined when it can. */
function cannotBuild(): string | undefined {
  if (!existsSync(join(REPO, 'dist', 'skiff.mjs')))
    return 'dist/skiff.mjs is missing: run `npm run build` first';
  if (process.platform !== 'linux') return 'the image is built on Linux only';
  if (process.getuid?.() !== 0) return 'building and chrooting into the image needs root';
  const apt = spawnSync('apt-get', ['--version'], { encoding: 'utf8' });
  if (apt.error !== undefined || apt.status !== 0) return 'apt-get is not on PATH (not a Debian machine)';
  return undefined;
}

const reason = cannotBuild();
if (reason) console.warn(`deploy-image: skipped: ${reason}`);

describe.skipIf(reason !== undefined)('deploy/image/build-offline.sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-image-test-'));
  const out = join(dir, 'skiff.tar');
  const archive = join(dir, 'archive');
  const rootfs = join(dir, 'rootfs');
  /** Set when apt-get download could not reach a Debian mirror: every test then skips, saying so. */
  let unreachable: string | undefined;
  let stderr = '';

  beforeAll(() => {
    const build = spawnSync('bash', [SCRIPT, out, TAG], { encoding: 'utf8', timeout: 280_000 });
    stderr = build.stderr;
    if (build.status !== 0 && /apt-get download .* failed|apt knows no package/.test(build.stderr)) {
      unreachable = `Debian packages could not be downloaded: ${build.stderr.trim().split('\n').pop()}`;
      console.warn(`deploy-image: skipped: ${unreachable}`);
      return;
    }
    expect(build.status, build.stderr).toBe(0);
    mkdirSync(archive);
    tar(['-C', archive, '-xf', out]);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function manifest(): { Config: string; RepoTags: string[]; Layers: string[] } {
    const entries = JSON.parse(readFileSync(join(archive, 'manifest.json'), 'utf8'));
    expect(entries).toHaveLength(1);
    return entries[0];
  }

  it('writes a docker-archive tagged TAG, with its size and time printed', (ctx) => {
    if (unreachable) ctx.skip(unreachable);
    expect(manifest().RepoTags).toEqual([TAG]);
    expect(manifest().Layers).toHaveLength(1);
    expect(stderr).toMatch(
      new RegExp(`wrote ${out}: ${TAG}, skiff ${VERSION}, .* \\d+(\\.\\d+)?M, in \\d+ s`),
    );
    expect(statSync(out).size).toBeGreaterThan(20 << 20);
  });

  it('names the config by its sha256 and lists the layer by its sha256 in diff_ids', (ctx) => {
    if (unreachable) ctx.skip(unreachable);
    const { Config, Layers } = manifest();
    const configBytes = readFileSync(join(archive, Config));
    expect(Config).toBe(`${sha256(configBytes)}.json`);
    const config = JSON.parse(configBytes.toString('utf8'));
    expect(config.rootfs).toEqual({
      type: 'layers',
      diff_ids: [`sha256:${sha256(readFileSync(join(archive, Layers[0]!)))}`],
    });
    expect(config.os).toBe('linux');
    expect(config.config.User).toBe('65532:65532');
    expect(config.config.Entrypoint).toEqual(['/usr/local/bin/node', '/opt/skiff/bin/skiff.js']);
    expect(config.config.Cmd).toEqual(['server']);
    expect(config.config.WorkingDir).toBe('/home/skiff');
    expect(config.config.Env).toContain('HOME=/home/skiff');
    expect(config.config.ExposedPorts).toEqual({ '8888/tcp': {} });
    expect(config.config.Labels['org.opencontainers.image.version']).toBe(VERSION);
  });

  it('has a layer with fixed times, root-owned files and the skiff user’s home', (ctx) => {
    if (unreachable) ctx.skip(unreachable);
    const listing = tar(['-tvf', join(archive, manifest().Layers[0]!)]).split('\n');
    const home = listing.find((line) => / home\/skiff\/?$/.test(line));
    expect(home).toMatch(/^drwxr-xr-x 65532\/65532 /);
    const tmp = listing.find((line) => / tmp\/?$/.test(line));
    expect(tmp).toMatch(/^drwxrwxrwt 0\/0 /);
    const others = listing.filter((line) => line && !/ home\/skiff\/?$/.test(line));
    expect(others.filter((line) => !/^\S+ 0\/0 /.test(line))).toEqual([]);
    expect(listing.filter((line) => line && !line.includes(' 1970-01-01 00:00 '))).toEqual([]);
  });

  it('runs `node /opt/skiff/bin/skiff.js --version` inside its root file system as the skiff user', (ctx) => {
    if (unreachable) ctx.skip(unreachable);
    mkdirSync(rootfs);
    tar(['-C', rootfs, '-xf', join(archive, manifest().Layers[0]!)]);
    for (const file of ['etc/ssl/certs/ca-certificates.crt', 'opt/skiff/dist/ui/index.html']) {
      expect(existsSync(join(rootfs, file)), file).toBe(true);
    }
    expect(readFileSync(join(rootfs, 'etc/ssl/certs/ca-certificates.crt'), 'utf8')).toContain(
      'BEGIN CERTIFICATE',
    );
    // Links inside the image are absolute: read them, never follow them on this machine.
    expect(lstatSync(join(rootfs, 'bin/sh')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(rootfs, 'bin/sh'))).toBe('/bin/busybox');
    expect(readFileSync(join(rootfs, 'etc/passwd'), 'utf8')).toMatch(
      /^skiff:x:65532:65532:[^:]*:\/home\/skiff:/m,
    );
    const version = inImage(rootfs, ['--version']);
    expect(version.error).toBeUndefined();
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toBe(VERSION);
    // better-sqlite3's native addon loads: the embedded metadata store opens in the writable home.
    const runs = inImage(rootfs, ['runs', 'list']);
    expect(runs.status, runs.stderr).toBe(0);
    expect(existsSync(join(rootfs, 'home/skiff/.skiff/skiff.db'))).toBe(true);
  });
});

/** `skiff ARGS` run by the image's node inside `rootfs` (chroot) as uid and gid 65532. */
function inImage(rootfs: string, args: readonly string[]) {
  return spawnSync(
    'chroot',
    ['--userspec=65532:65532', rootfs, '/usr/local/bin/node', '/opt/skiff/bin/skiff.js', ...args],
    {
      encoding: 'utf8',
      // PATH also finds chroot itself (in /usr/sbin) on this machine.
      env: { PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin', HOME: '/home/skiff' },
      timeout: 60_000,
    },
  );
}

function tar(args: readonly string[]): string {
  const result = spawnSync('tar', args, {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, TZ: 'UTC' },
  });
  if (result.status !== 0) throw new Error(`tar ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
