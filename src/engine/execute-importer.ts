import { SkiffError } from '../errors/index.js';
import type { ComponentSpec, ImporterSpec, JsonValue } from '../ir/types.js';
import type { ArtifactValue, IoValues } from '../metadata/records.js';
import type { RunScope, TaskResult, TaskRow } from './run-scope.js';

const INPUT_PLACEHOLDER = /\{\{\$\.inputs\.parameters\['([^']+)'\]\}\}/g;

function substitute(value: JsonValue, parameters: Readonly<Record<string, JsonValue>>): JsonValue {
  if (typeof value === 'string') {
    return value.replace(INPUT_PLACEHOLDER, (whole, name: string) => {
      const v = parameters[name];
      return v === undefined ? whole : typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, parameters));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value))
      out[substitute(k, parameters) as string] = substitute(v, parameters);
    return out;
  }
  return value;
}

/** An importer task: register an existing URI as an artifact (no process runs). */
export async function executeImporter(
  scope: RunScope,
  row: TaskRow,
  importer: ImporterSpec,
  component: ComponentSpec,
  inputs: IoValues,
): Promise<TaskResult> {
  const uri =
    importer.artifactUri.kind === 'constant'
      ? importer.artifactUri.value
      : inputs.parameters[importer.artifactUri.name];
  if (typeof uri !== 'string' || uri === '') {
    throw new SkiffError(
      'SKIFF_INPUT_MISSING',
      `importer "${row.record.path}" has no artifact URI (got ${JSON.stringify(uri)})`,
      {
        fix: 'Pass a non-empty URI string to the importer.',
      },
    );
  }
  const name = Object.keys(component.outputs.artifacts)[0] ?? 'artifact';
  const artifact: ArtifactValue = {
    id: scope.deps.newId(),
    name,
    uri,
    schemaTitle: importer.type.schemaTitle,
    schemaVersion: importer.type.schemaVersion ?? '0.0.1',
    metadata: substitute(importer.metadata, inputs.parameters) as Record<string, JsonValue>,
  };
  await scope.deps.metadata.artifacts.create({
    ...artifact,
    runId: scope.run.id,
    producerTaskId: row.id,
    createdAtMs: scope.deps.clock.nowMs(),
  });
  await scope.deps.metadata.artifacts.addEvents([
    { artifactId: artifact.id, taskId: row.id, type: 'OUTPUT', name },
  ]);
  return row.finish('SUCCEEDED', { parameters: {}, artifacts: { [name]: [artifact] } }, null);
}
