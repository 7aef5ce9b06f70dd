import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import type { LoadedConfig } from '../../config/index.js';
import { createRun } from '../../engine/index.js';
import { SkiffError } from '../../errors/index.js';
import {
  loadParamsFile,
  loadPipelineBytes,
  parseCliParam,
  readPipelineFile,
  resolveRunArguments,
  setOwn,
} from '../../ir/index.js';
import type { JsonValue, PipelineSpec } from '../../ir/types.js';
import { createLocalExecutor, createServices, type Services } from '../../services.js';
import type { CliIo } from '../cli-io.js';
import { executeWithProgress } from '../execute-with-progress.js';
import { holdRun } from '../hold-run.js';
import { loadCliConfig, withConfigFlags } from '../load-cli-config.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * The pipeline root of a run: `--pipeline-root` or a configured root wins; else the spec's
 * `defaultPipelineRoot` when it is local; else the default root.
 */
export function choosePipelineRoot(loaded: LoadedConfig, spec: PipelineSpec): string {
  const source = loaded.sources.get('pipelineRoot') ?? 'default';
  const specRoot = spec.defaultPipelineRoot;
  if (source.startsWith('default') && specRoot?.startsWith('file://')) return specRoot;
  return loaded.config.pipelineRoot;
}

/** Pods on a cluster cannot reach this machine's files: a file:// root is bad input there. */
function localRootOnCluster(loaded: LoadedConfig, pipelineRoot: string): SkiffError {
  const source = loaded.sources.get('pipelineRoot') ?? 'default';
  return new SkiffError(
    'SKIFF_K8S_LOCAL_ROOT',
    `pipeline root ${pipelineRoot} (pipelineRoot, set in ${source}) is a directory on this machine, which task pods on the cluster cannot reach`,
    {
      fix: 'Use an s3:// or minio:// pipeline root served by a storage provider (--pipeline-root, SKIFF_PIPELINE_ROOT or pipelineRoot), or --executor local.',
      location: 'pipelineRoot',
    },
  );
}

/** `skiff run PIPELINE [-p name=value ...]`. */
export function runCommand(io: CliIo, done: (code: number) => void): Command {
  const command = new Command('run')
    .description('run a pipeline compiled by the KFP SDK (IR YAML or JSON) on this machine')
    .argument('<pipeline>', 'pipeline spec file')
    .option(
      '-p, --param <name=value>',
      'a pipeline argument, parsed by its declared type (JSON for lists and structs)',
      collect,
      [],
    )
    .option('--params <file>', 'a JSON or YAML file holding an object of arguments')
    .option('--name <name>', 'display name of the run')
    .option('--no-cache', 'do not reuse or record cached task results for this run')
    .option('--json', 'print no progress; print one JSON object with the result at the end');
  withConfigFlags(command);
  command.action(async (path: string, options: Record<string, unknown>) => {
    const loaded = await loadCliConfig(io, options);
    // No task starts before the process spawner is ready, and starting it can take a while (a pyenv
    // shim alone ~0.1 s): it starts now, while the spec is read and checked and the store opened.
    const local = loaded.config.executor.kind === 'local';
    const executor = local ? createLocalExecutor(loaded.config) : undefined;
    executor?.warmUp();
    let services: Services | undefined;
    try {
      const bytes = await readPipelineFile(path);
      const spec = loadPipelineBytes(bytes, path);
      const specText = Buffer.from(bytes).toString('utf8');
      const given: Record<string, JsonValue> = {};
      if (typeof options.params === 'string') Object.assign(given, await loadParamsFile(options.params));
      for (const raw of options.param as string[]) {
        const [name, value] = parseCliParam(raw, spec);
        setOwn(given, name, value); // a parameter may be named "__proto__"
      }
      const args = resolveRunArguments(spec, given);
      services = await createServices(loaded, io.env, executor);
      services.warmUp(spec);
      const pipelineRoot = choosePipelineRoot(loaded, spec);
      // A root no provider serves is bad input: say so before a run is created.
      services.stores.resolveRoot(pipelineRoot);
      if (!local && pipelineRoot.startsWith('file:')) throw localRootOnCluster(loaded, pipelineRoot);
      // The run's lease first: a server on the same store must never see it unheld.
      const id = randomUUID();
      const held = await holdRun(services, id, 'skiff run');
      try {
        const run = await createRun(services.engineDeps(), {
          id,
          pipelineName: spec.name,
          specText,
          arguments: args,
          pipelineRoot,
          cache: options.cache !== false,
          ...(typeof options.name === 'string' ? { displayName: options.name } : {}),
        });
        const json = options.json === true;
        done(await executeWithProgress(io, services, run, spec, { json, stop: held.stopAsked }));
      } finally {
        await held.close();
      }
    } finally {
      if (services) await services.close();
      else executor?.close();
    }
  });
  return command;
}
