import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { noBrowserReason } from './support/browser.js';
import { clusterWanted, startSuiteCluster } from './support/k8s-cluster.js';
import { findPostgresBin } from './support/postgres.js';
import { sitePackagesDirs, sitePackagesFingerprint } from './support/site-packages.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CEPH_SCRIPTS = path.resolve(REPO, '..', 'shared', 's3', 'ceph-rgw');
const CEPH_PACKAGES = [
  'radosgw',
  'ceph-mon',
  'ceph-osd',
  'ceph-common',
  'uuid-runtime',
  'curl',
  'util-linux',
];
// Debian's server package; tests run its initdb and pg_ctl from /usr/lib/postgresql/<version>/bin.
const POSTGRES_PACKAGES = ['postgresql'];
// Debian's browser, driven by playwright-core in the web UI tests (test/support/browser.ts).
const BROWSER_PACKAGES = ['chromium'];

function onPath(binary: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `apt-get install` of `packages` (with `sudo -n` unless root); never throws, says what failed. */
function aptInstall(packages: readonly string[], purpose: string): void {
  if (!onPath('apt-get')) return;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const install = [...sudo, 'apt-get', 'install', '-y', '--no-install-recommends', ...packages];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (argv: string[]) =>
    execFileSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'inherit'], env, timeout: 600_000 });
  process.stderr.write(`test setup: installing ${packages.join(' ')} for the ${purpose} tests\n`);
  try {
    try {
      run(install);
    } catch {
      run([...sudo, 'apt-get', 'update']);
      run(install);
    }
  } catch (error) {
    process.stderr.write(
      `test setup: could not install ${packages.join(' ')} (the ${purpose} tests will skip): ${(error as Error).message}\n`,
    );
  }
}

/**
 * Once before all test files: install the Debian packages that tests start real servers from (the
 * Ceph RADOS Gateway of ../shared/s3/ceph-rgw, PostgreSQL, Chromium for the web UI), so that test files starting their own
 * servers in parallel do not race for the apt lock. Without root or apt, nothing is installed and
 * those tests skip, saying why. After all test files: the user's python3 site-packages must be as
 * it was (Skiff never installs into the user's interpreter; environments live under its home).
 * When the run includes the Kubernetes tests, the local cluster of ../shared/k8s-local is built
 * (first time only) and started here, and stopped after all test files.
 */
export default function setup(): () => void {
  if (existsSync(CEPH_SCRIPTS) && !onPath('radosgw')) aptInstall(CEPH_PACKAGES, 'Ceph RGW');
  if (findPostgresBin() === undefined) aptInstall(POSTGRES_PACKAGES, 'PostgreSQL');
  if (noBrowserReason() !== undefined) aptInstall(BROWSER_PACKAGES, 'web UI (browser)');
  const before = sitePackagesFingerprint();
  // The Kubernetes tests share one cluster (its ports are fixed): started here, stopped after all files.
  const stopCluster = clusterWanted(process.argv) ? startSuiteCluster() : undefined;
  return () => {
    stopCluster?.();
    if (sitePackagesFingerprint() !== before) {
      throw new Error(
        `the test suite changed the site-packages of the user's python3 (${sitePackagesDirs().join(', ')}): something installed into the user's interpreter`,
      );
    }
  };
}
