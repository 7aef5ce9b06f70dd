import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CEPH_SCRIPTS = path.resolve(REPO, '..', 'shared', 's3', 'ceph-rgw');
const PACKAGES = ['radosgw', 'ceph-mon', 'ceph-osd', 'ceph-common', 'uuid-runtime', 'curl', 'util-linux'];

function onPath(binary: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Once before all test files: install the Debian packages of the Ceph RADOS Gateway that S3 tests
 * start (../shared/s3/ceph-rgw), so that test files starting their own gateway in parallel do not
 * race for the apt lock. Without root or apt, nothing is installed and those tests skip, saying why.
 */
export default function setup(): void {
  if (!existsSync(CEPH_SCRIPTS) || onPath('radosgw') || !onPath('apt-get')) return;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const install = [...sudo, 'apt-get', 'install', '-y', '--no-install-recommends', ...PACKAGES];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (argv: string[]) =>
    execFileSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'inherit'], env, timeout: 600_000 });
  process.stderr.write(`test setup: installing ${PACKAGES.join(' ')} for the Ceph RGW tests\n`);
  try {
    try {
      run(install);
    } catch {
      run([...sudo, 'apt-get', 'update']);
      run(install);
    }
  } catch (error) {
    process.stderr.write(
      `test setup: could not install Ceph (its tests will skip): ${(error as Error).message}\n`,
    );
  }
}
