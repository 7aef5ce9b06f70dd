import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from './support/cli.js';
import { pipeline, task } from './support/ir-builder.js';

/** Configured for the Kubernetes executor with a kubeconfig that does not exist (no cluster needed). */
const noCluster = (home: string) => ({
  SKIFF_EXECUTOR_KIND: 'kubernetes',
  KUBECONFIG: join(home, 'no-such-kubeconfig'),
});

describe('commands with executor.kind kubernetes and no usable kubeconfig', () => {
  it('`runs list`, `runs get` and `logs` only read the store: they work without the cluster', async () => {
    const home = tempHome();
    const env = noCluster(home);
    const listed = await runCli(['runs', 'list', '--json'], { home, env });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    // Before, each failed with SKIFF_K8S_CONFIG: the Kubernetes executor was made for every command.
    const got = await runCli(['runs', 'get', 'abcdef'], { home, env });
    expect(got.stderr).toContain('SKIFF_RUN_NOT_FOUND');
    const logs = await runCli(['logs', 'abcdef', 'task'], { home, env });
    expect(logs.stderr).toContain('SKIFF_RUN_NOT_FOUND');
  });

  it('`skiff run` still refuses to start, naming the kubeconfig, before a run is made', async () => {
    const home = tempHome();
    const file = join(home, 'p.json');
    writeFileSync(file, pipeline('k8s-config', { a: { script: 'true' } }, { tasks: { a: task('a') } }));
    const result = await runCli(['run', file], { home, env: noCluster(home) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SKIFF_K8S_CONFIG');
    expect(result.stderr).toContain('no-such-kubeconfig');
    const listed = await runCli(['runs', 'list', '--json'], { home, env: noCluster(home) });
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });
});
