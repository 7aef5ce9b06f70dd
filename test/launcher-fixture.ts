import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AttemptContext, AttemptRequest } from '../src/engine/ports.js';
import { Semaphore } from '../src/engine/semaphore.js';
import { SkiffError } from '../src/errors/index.js';
import { LocalProcessExecutor } from '../src/executors/local/index.js';
import type { ContainerSpec, InterfaceSpec } from '../src/ir/types.js';
import { createLauncher, type Launcher, type LauncherDeps } from '../src/launcher/index.js';
import type { IoValues } from '../src/metadata/records.js';
import { FileObjectStore } from '../src/storage/index.js';

/** The repository root. */
export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The KFP corpus beside the repository (absent on some machines). */
export const corpus = path.resolve(repo, '../shared/kfp-corpus/valid');
/** True when the bundled Python runtime is present. */
export const runtimeReady = existsSync(path.join(repo, 'python/kfp/dsl/executor_main.py'));
/** An empty interface. */
export const noIo: InterfaceSpec = { parameters: {}, artifacts: {} };
/** The system.Dataset artifact type. */
export const datasetType = { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' };

/** What one attempt request is built from. */
export interface RequestOptions {
  readonly name: string;
  readonly command: string[];
  readonly args?: string[];
  readonly inputs?: InterfaceSpec;
  readonly outputs?: InterfaceSpec;
  readonly values?: Partial<IoValues>;
  readonly env?: ContainerSpec['env'];
  readonly signal?: AbortSignal;
}

/** A temporary Skiff home with a file pipeline root, and a launcher over local processes. */
export interface LauncherHome {
  readonly home: string;
  readonly store: FileObjectStore;
  readonly launcher: Launcher;
  /** Another launcher in the same home, with some deps replaced. */
  launcherWith(overrides: Partial<LauncherDeps>): Launcher;
  request(options: RequestOptions): AttemptRequest;
  cleanup(): Promise<void>;
}

/** Make a temporary home; see {@link LauncherHome}. */
export async function makeLauncherHome(): Promise<LauncherHome> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-launcher-'));
  const store = new FileObjectStore(path.join(home, 'artifacts'));
  const deps: LauncherDeps = {
    storeFor: (uri) => {
      if (uri.startsWith(store.rootUri)) return store;
      throw new SkiffError('SKIFF_STORAGE_NO_PROVIDER', `no storage provider for ${uri}`);
    },
    executor: new LocalProcessExecutor({ killGraceMs: 200 }),
    workDir: path.join(home, 'work'),
    logsDir: path.join(home, 'logs'),
    envsDir: path.join(home, 'envs'),
    python: { interpreter: 'python3', kfpRuntime: 'auto', runtimePath: path.join(repo, 'python') },
    // pip reads no machine-wide configuration: no index a test did not name is ever asked.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? home,
      PIP_CONFIG_FILE: '/dev/null',
    },
  };
  let taskCounter = 0;
  const context = (taskName: string): AttemptContext => {
    taskCounter++;
    return {
      runId: 'run-1',
      pipelineName: 'my-pipeline',
      jobName: 'my run',
      jobResourceName: 'my-pipeline-0a1b2c3d',
      pipelineRoot: store.rootUri,
      jobCreateTimeMs: Date.UTC(2024, 0, 1),
      taskId: `task-${taskCounter}`,
      taskPath: `for-loop-1[0].${taskName}`,
      taskName,
      attempt: 1,
      workspacePath: path.join(home, 'workspaces', 'run-1'),
    };
  };
  let variant = 0;
  return {
    home,
    store,
    launcher: createLauncher(deps),
    launcherWith: (overrides) => {
      variant++;
      const dirs = {
        workDir: path.join(home, `work-${variant}`),
        logsDir: path.join(home, `logs-${variant}`),
      };
      return createLauncher({ ...deps, ...dirs, ...overrides });
    },
    request: (options) => ({
      context: context(options.name),
      component: {
        kind: 'executor',
        name: `comp-${options.name}`,
        inputs: options.inputs ?? noIo,
        outputs: options.outputs ?? noIo,
        executorLabel: `exec-${options.name}`,
      },
      container: {
        kind: 'container',
        image: 'python:3.11',
        command: options.command,
        args: options.args ?? [],
        env: options.env ?? [],
      },
      inputs: { parameters: options.values?.parameters ?? {}, artifacts: options.values?.artifacts ?? {} },
      platformScope: { dagParameters: {}, upstreamOutputs: {} },
      signal: options.signal ?? new AbortController().signal,
      processSlot: new Semaphore(4),
    }),
    cleanup: () => fs.rm(home, { recursive: true, force: true }),
  };
}
