import path from 'node:path';
import type { InterfaceSpec, JsonValue } from '../ir/types.js';
import { type AttemptLayout, safeSegment } from './attempt-layout.js';

/** An artifact as KFP writes it in the executor input and reads it back from executor_output.json. */
export interface RuntimeArtifactJson {
  readonly name: string;
  readonly uri: string;
  readonly type: { readonly schemaTitle: string; readonly schemaVersion: string };
  readonly metadata: Readonly<Record<string, JsonValue>>;
}

/** A list of artifacts under one input or output name (`{"artifacts": [...]}`). */
export interface ArtifactListJson {
  readonly artifacts: readonly RuntimeArtifactJson[];
}

/** KFP's ExecutorInput message as JSON (the `{{$}}` placeholder), shaped as KFP's backend builds it. */
export interface ExecutorInputJson {
  readonly inputs: {
    /** Whole numbers are JSON integers, as KFP's backend writes them. */
    readonly parameterValues: Readonly<Record<string, JsonValue>>;
    readonly artifacts: Readonly<Record<string, ArtifactListJson>>;
  };
  readonly outputs: {
    readonly parameters: Readonly<Record<string, { readonly outputFile: string }>>;
    readonly artifacts: Readonly<Record<string, ArtifactListJson>>;
    /** Where the process writes executor_output.json. */
    readonly outputFile: string;
  };
}

/** The executor input of an attempt, with where each output artifact is staged and its default URI. */
export interface BuiltExecutorInput {
  readonly executorInput: ExecutorInputJson;
  /** Staged local path of each output artifact: `<artifactsDir>/<name>`. */
  readonly outputArtifactPaths: Readonly<Record<string, string>>;
  /** URI chosen for each output artifact: `<outputUriBase>/<name>`. */
  readonly defaultUris: Readonly<Record<string, string>>;
}

/**
 * Build the executor input as KFP's backend does: resolved parameter values (whole numbers stay JSON
 * integers), staged input artifacts, an output file per output parameter, and one new artifact per
 * output artifact under `outputUriBase`.
 */
export function buildExecutorInput(options: {
  readonly parameterValues: Readonly<Record<string, JsonValue>>;
  readonly inputArtifacts: Readonly<Record<string, ArtifactListJson>>;
  readonly outputs: InterfaceSpec;
  readonly layout: Pick<
    AttemptLayout,
    'parametersDir' | 'artifactsDir' | 'executorOutputPath' | 'outputUriBase'
  >;
}): BuiltExecutorInput {
  const { layout } = options;
  const outputArtifactPaths: Record<string, string> = {};
  const defaultUris: Record<string, string> = {};
  const artifacts: Record<string, ArtifactListJson> = {};
  for (const [name, spec] of Object.entries(options.outputs.artifacts)) {
    const uri = `${layout.outputUriBase}/${safeSegment(name)}`;
    outputArtifactPaths[name] = path.join(layout.artifactsDir, safeSegment(name));
    defaultUris[name] = uri;
    const type = { schemaTitle: spec.type.schemaTitle, schemaVersion: spec.type.schemaVersion ?? '0.0.1' };
    artifacts[name] = { artifacts: [{ name, uri, type, metadata: {} }] };
  }
  const parameters: Record<string, { outputFile: string }> = {};
  for (const name of Object.keys(options.outputs.parameters)) {
    parameters[name] = { outputFile: path.join(layout.parametersDir, safeSegment(name)) };
  }
  const executorInput: ExecutorInputJson = {
    inputs: { parameterValues: options.parameterValues, artifacts: options.inputArtifacts },
    outputs: { parameters, artifacts, outputFile: layout.executorOutputPath },
  };
  return { executorInput, outputArtifactPaths, defaultUris };
}
