import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AttemptFailure, failure, failureFromError } from '../../launcher/attempt-failure.js';
import { type AttemptLayout, attemptLayout } from '../../launcher/attempt-layout.js';
import { storeAttemptLog } from '../../launcher/attempt-log.js';
import { type CollectedArtifact, collectOutputs } from '../../launcher/collect-outputs.js';
import type { ExecutorInputJson } from '../../launcher/executor-input.js';
import { publishOutputs, type StoreFor, stageInputs } from '../../launcher/stage-artifacts.js';
import type { IoValues } from '../../metadata/records.js';
import { ProviderStores } from '../../storage/index.js';
import { attemptScript } from './attempt-script.js';
import { HANDOVER_WAIT_SECONDS, podPaths } from './pod-command.js';
import { outcomeUriOf, type PodOutcome, TERMINATION_MESSAGE_MAX_BYTES } from './pod-outcome.js';
import type { PodPlan } from './pod-plan.js';
import { podStorageSettings } from './pod-storage-settings.js';

/** What the sidecar of a task pod works with. */
export interface SidecarOptions {
  readonly plan: PodPlan;
  /** The sidecar's environment: the storage credentials the plan names come from here. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The volume shared with the main container (POD_DIR in pods). */
  readonly dir: string;
  /** Skiff's bundled KFP runtime, copied for the main container (`<package>/python`). */
  readonly runtimeSource: string;
  /** Where Kubernetes reads the termination message (`/dev/termination-log`). */
  readonly terminationLog: string;
  /** The attempt's log is copied here as it grows, so `kubectl logs` and the server see it live. */
  readonly out: { write(text: string): void };
  /** How often the log and the main container's exit are looked at. Default 50 ms. */
  readonly pollMs?: number;
}

/**
 * The sidecar of one attempt's pod: stage inputs and write the main container's script, follow the
 * log while the main container runs, then collect and upload outputs and the log, and report the
 * outcome in the termination message. Returns the exit code for the sidecar (0 once it reported).
 */
export async function runSidecar(options: SidecarOptions): Promise<number> {
  process.umask(0); // the main container may run as another user: it must write where the sidecar made dirs
  const { plan, dir } = options;
  const paths = podPaths(dir);
  const stores = new ProviderStores(podStorageSettings(plan.context.pipelineRoot, plan.storage, options.env));
  const layout = {
    ...attemptLayout(plan.context, { workDir: paths.work, logsDir: `${dir}/logs` }),
    liveLogPath: paths.log,
    localLogPath: paths.log,
  };
  await fs.writeFile(paths.log, '', { flag: 'a' });
  const prepared = await prepare(options, layout, stores.storeFor).catch((error: unknown) =>
    failureFromError(error),
  );
  if ('kind' in prepared) {
    await fs.appendFile(paths.log, `[skiff] ${prepared.message.split('\n')[0]}\n`);
    await fs.writeFile(paths.abort, '');
  }
  await fs.writeFile(paths.ready, '');
  // An abandoned attempt's main container ends without running anything (and without an exit code).
  const exitCode = 'kind' in prepared ? null : await follow(paths, options);
  let result: AttemptFailure | IoValues;
  if ('kind' in prepared) {
    result = prepared;
    await copyFrom(paths.log, 0, { write: (chunk) => options.out.write(chunk.toString()) });
  } else if (exitCode !== 0 && exitCode !== null)
    result = failure('SKIFF_K8S_POD_FAILED', `the container exited with code ${exitCode}`, exitCode);
  else {
    result = await finish(options, prepared, layout, stores.storeFor).catch((error: unknown) =>
      failureFromError(error, 0),
    );
    // The main container waits for the handover list after a zero exit: never leave it waiting.
    await fs.writeFile(paths.handover, '', { flag: 'wx' }).catch(() => {});
  }
  if ('kind' in result)
    await fs.appendFile(paths.log, `[skiff] ${result.message.split('\n')[0]}\n`).catch(() => {});
  const logUri = await storeLog(plan, layout, stores.storeFor);
  const outcome: PodOutcome =
    'kind' in result
      ? { ok: false, kind: result.kind, message: result.message, exitCode: result.exitCode, logUri }
      : { ok: true, outputs: result, logUri };
  await report(outcome, layout, stores.storeFor, options.terminationLog, options.out);
  stores.close();
  return 0;
}

interface Prepared {
  readonly executorInput: ExecutorInputJson;
  readonly outputArtifactPaths: Record<string, string>;
  readonly defaultUris: Record<string, string>;
}

/** Stage inputs, resolve the command line and write the script (and component module) for the main container. */
async function prepare(
  options: SidecarOptions,
  layout: AttemptLayout,
  storeFor: StoreFor,
): Promise<Prepared> {
  const { plan } = options;
  const paths = podPaths(options.dir);
  for (const made of [
    layout.attemptDir,
    layout.parametersDir,
    layout.artifactsDir,
    plan.context.workspacePath,
  ])
    await fs.mkdir(made, { recursive: true });
  if (plan.kfpRuntime === 'auto') await fs.cp(options.runtimeSource, paths.runtime, { recursive: true });
  const inputs = await stageInputs(plan.inputs.artifacts, layout.inputsDir, storeFor);
  const script = attemptScript(plan, layout, paths.runtime, inputs);
  if (script.module) await fs.writeFile(script.module.path, script.module.source);
  await fs.writeFile(paths.script, `${script.script}\n`);
  return script.built;
}

/** Copy the log to `out` as it grows until the main container's exit code is written; returns it. */
async function follow(paths: ReturnType<typeof podPaths>, options: SidecarOptions): Promise<number> {
  const pollMs = options.pollMs ?? 50;
  let offset = 0;
  const decoder = new StringDecoder('utf8');
  const out = { write: (chunk: Buffer) => options.out.write(decoder.write(chunk)) };
  for (;;) {
    const code = await fs.readFile(paths.exit, 'utf8').catch(() => null);
    offset = await copyFrom(paths.log, offset, out);
    if (code !== null) return Number.parseInt(code.trim(), 10) || (code.trim() === '0' ? 0 : 1);
    await sleep(pollMs);
  }
}

async function copyFrom(file: string, offset: number, out: { write(chunk: Buffer): void }): Promise<number> {
  const size = (await fs.stat(file).catch(() => null))?.size ?? offset;
  if (size <= offset) return offset;
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file, { start: offset, end: size - 1 });
    stream.on('data', (chunk) => out.write(chunk as Buffer));
    stream.on('end', resolve);
    stream.on('error', () => resolve());
  });
  return size;
}

/** Collect the outputs of a main process that exited 0 and upload its artifacts. */
async function finish(
  options: SidecarOptions,
  prepared: Prepared,
  layout: AttemptLayout,
  storeFor: StoreFor,
) {
  const { plan } = options;
  const collected = await collectOutputs(plan.component.outputs, prepared.executorInput);
  if (!collected.ok) return failureFromError(collected.error, 0);
  const staging = {
    stagedPaths: prepared.outputArtifactPaths,
    defaultUris: prepared.defaultUris,
    attemptDir: layout.attemptDir,
  };
  const artifacts = await handOver(options, collected.outputs.artifacts);
  const published = await publishOutputs(artifacts, staging, storeFor, randomUUID);
  return { parameters: collected.outputs.parameters, artifacts: published } satisfies IoValues;
}

type Collected = Record<string, readonly CollectedArtifact[]>;

/**
 * Artifacts whose `custom_path` is outside the shared volume live in the main container's own
 * filesystem: ask it to copy them into the volume (the `handover` list), wait until it has, and point
 * the artifacts at the copies. A copy that never comes leaves the artifact as it was.
 */
async function handOver(options: SidecarOptions, artifacts: Collected): Promise<Collected> {
  const paths = podPaths(options.dir);
  const outside: string[] = [];
  for (const list of Object.values(artifacts))
    for (const artifact of list)
      if (artifact.customPath && !isInside(artifact.customPath, options.dir))
        outside.push(artifact.customPath);
  await fs.writeFile(paths.handover, outside.map((p) => `${p}\n`).join(''));
  if (outside.length === 0) return artifacts;
  const deadline = Date.now() + HANDOVER_WAIT_SECONDS * 1000;
  while (!(await exists(paths.handed)) && Date.now() < deadline) await sleep(options.pollMs ?? 50);
  const moved: Collected = {};
  for (const [name, list] of Object.entries(artifacts)) {
    moved[name] = list.map((artifact) => {
      const index = artifact.customPath ? outside.indexOf(artifact.customPath) : -1;
      return index === -1 ? artifact : { ...artifact, customPath: `${paths.kept}/${index}` };
    });
  }
  return moved;
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

async function storeLog(plan: PodPlan, layout: AttemptLayout, storeFor: StoreFor): Promise<string | null> {
  const stored = await storeAttemptLog(storeFor, plan.context, layout, new Set());
  // storeAttemptLog answers the local path when it could not store the log: that path dies with the pod.
  return stored === layout.liveLogPath ? null : stored;
}

/**
 * Store the outcome next to the log (`<log>.outcome.json`: a server that restarts after the pod is
 * gone reads it there, instead of running the attempt again), and write it as the termination
 * message, or where it is stored when it is longer than a message can be.
 */
async function report(
  outcome: PodOutcome,
  layout: AttemptLayout,
  storeFor: StoreFor,
  terminationLog: string,
  out: SidecarOptions['out'],
) {
  let text = JSON.stringify(outcome);
  const uri = outcomeUriOf(layout.logUri);
  const stored = await (async () => {
    const store = storeFor(uri);
    const key = uri.slice(store.rootUri.length).replace(/^\/+/, '');
    const local = path.join(path.dirname(layout.attemptDir), 'outcome.json');
    await fs.writeFile(local, text);
    await store.putPath(key, local);
  })().then(
    () => true,
    (error: unknown) => {
      out.write(`[skiff] could not store the outcome at ${uri}: ${String(error)}\n`);
      return false;
    },
  );
  if (Buffer.byteLength(text) > TERMINATION_MESSAGE_MAX_BYTES) {
    if (!stored)
      throw new Error(`the outcome (${Buffer.byteLength(text)} bytes) could not be stored at ${uri}`);
    text = JSON.stringify({ stored: uri });
  }
  await fs.writeFile(terminationLog, text);
}
