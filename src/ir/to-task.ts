import { SkiffError } from '../errors/index.js';
import type { RawTask } from './ir-schema.js';
import { setOwn } from './own.js';
import type {
  ArtifactSource,
  Iterator,
  JsonValue,
  ParameterSource,
  RetryPolicy,
  TaskParameterInput,
  TaskSpec,
} from './types.js';

/** KFP SDK `set_retry` defaults for fields a retryPolicy leaves out. */
export const RETRY_DEFAULTS = { backoffSeconds: 0, backoffFactor: 2, backoffMaxSeconds: 3600 } as const;

/** Maps one raw DAG task (at `location`, e.g. `root.dag.tasks.train`) to a TaskSpec. */
export function toTask(name: string, raw: RawTask, location: string): TaskSpec {
  const parameters: Record<string, TaskParameterInput> = {};
  for (const [key, input] of Object.entries(raw.inputs?.parameters ?? {})) {
    const source = toParameterSource(input, `${location}.inputs.parameters.${key}`);
    setOwn(
      parameters,
      key,
      input.parameterExpressionSelector === undefined
        ? { source }
        : { source, expressionSelector: input.parameterExpressionSelector },
    );
  }
  const artifacts: Record<string, ArtifactSource> = {};
  for (const [key, input] of Object.entries(raw.inputs?.artifacts ?? {})) {
    setOwn(artifacts, key, toArtifactSource(input, `${location}.inputs.artifacts.${key}`));
  }
  const strategy = raw.triggerPolicy?.strategy;
  const iterator = toIterator(raw, location);
  const retryPolicy = raw.retryPolicy && toRetryPolicy(raw.retryPolicy, `${location}.retryPolicy`);
  const condition = raw.triggerPolicy?.condition;
  const parallelismLimit = raw.iteratorPolicy?.parallelismLimit;
  const cacheKey = raw.cachingOptions?.cacheKey;
  return {
    name,
    displayName: raw.taskInfo?.name ?? name,
    componentRef: raw.componentRef.name,
    dependentTasks: raw.dependentTasks ?? [],
    parameters,
    artifacts,
    strategy: strategy === 'ALL_UPSTREAM_TASKS_COMPLETED' ? strategy : 'ALL_UPSTREAM_TASKS_SUCCEEDED',
    enableCache: raw.cachingOptions?.enableCache ?? false,
    ...(condition !== undefined && condition !== '' ? { condition } : {}),
    ...(iterator ? { iterator } : {}),
    // KFP treats parallelismLimit 0 as "no limit".
    ...(parallelismLimit ? { parallelismLimit } : {}),
    ...(retryPolicy ? { retryPolicy } : {}),
    ...(cacheKey ? { cacheKey } : {}),
  };
}

type RawParameterInput = NonNullable<NonNullable<RawTask['inputs']>['parameters']>[string];

function toParameterSource(raw: RawParameterInput, location: string): ParameterSource {
  const sources: ParameterSource[] = [];
  if (raw.componentInputParameter !== undefined) {
    sources.push({ kind: 'componentInput', name: raw.componentInputParameter });
  }
  if (raw.taskOutputParameter) {
    const { producerTask, outputParameterKey } = raw.taskOutputParameter;
    sources.push({ kind: 'taskOutput', task: producerTask, key: outputParameterKey });
  }
  if (raw.taskFinalStatus) sources.push({ kind: 'taskFinalStatus', task: raw.taskFinalStatus.producerTask });
  if (raw.runtimeValue)
    sources.push({ kind: 'constant', value: runtimeConstant(raw.runtimeValue, location) });
  return exactlyOne(
    sources,
    location,
    'componentInputParameter, taskOutputParameter, taskFinalStatus, runtimeValue',
  );
}

function runtimeConstant(raw: NonNullable<RawParameterInput['runtimeValue']>, location: string): JsonValue {
  if ('constant' in raw) return (raw.constant ?? null) as JsonValue;
  const legacy = raw.constantValue;
  if (legacy?.stringValue !== undefined) return legacy.stringValue;
  if (legacy?.intValue !== undefined) return Number(legacy.intValue);
  if (legacy?.doubleValue !== undefined) return legacy.doubleValue;
  throw new SkiffError('SKIFF_IR_SCHEMA', `${location}.runtimeValue has no "constant"`, {
    location: `${location}.runtimeValue`,
    fix: 'Give the constant as runtimeValue.constant.',
  });
}

function toArtifactSource(
  raw: NonNullable<NonNullable<RawTask['inputs']>['artifacts']>[string],
  location: string,
) {
  const sources: ArtifactSource[] = [];
  if (raw.componentInputArtifact !== undefined) {
    sources.push({ kind: 'componentInput', name: raw.componentInputArtifact });
  }
  if (raw.taskOutputArtifact) {
    const { producerTask, outputArtifactKey } = raw.taskOutputArtifact;
    sources.push({ kind: 'taskOutput', task: producerTask, key: outputArtifactKey });
  }
  return exactlyOne(sources, location, 'componentInputArtifact, taskOutputArtifact');
}

function exactlyOne<T extends { kind: string }>(sources: T[], location: string, allowed: string): T {
  const [first] = sources;
  if (first && sources.length === 1) return first;
  const found = sources.length === 0 ? 'none of them' : sources.map((s) => s.kind).join(' and ');
  throw new SkiffError(
    'SKIFF_IR_SCHEMA',
    `${location} must have exactly one source (${allowed}); it has ${found}`,
    {
      location,
      fix: `Give exactly one of ${allowed}.`,
    },
  );
}

function toIterator(raw: RawTask, location: string): Iterator | undefined {
  if (raw.parameterIterator && raw.artifactIterator) {
    throw new SkiffError(
      'SKIFF_IR_BAD_ITERATOR',
      `${location} has both parameterIterator and artifactIterator`,
      {
        location,
        fix: 'Keep one iterator per task.',
      },
    );
  }
  if (raw.artifactIterator) {
    const { itemInput, items } = raw.artifactIterator;
    return { kind: 'artifact', inputArtifact: items.inputArtifact, itemInput };
  }
  const it = raw.parameterIterator;
  if (!it) return undefined;
  const where = `${location}.parameterIterator.items`;
  if ((it.items.raw === undefined) === (it.items.inputParameter === undefined)) {
    throw new SkiffError(
      'SKIFF_IR_BAD_ITERATOR',
      `${where} must have exactly one of "raw" and "inputParameter"`,
      {
        location: where,
      },
    );
  }
  if (it.items.inputParameter !== undefined) {
    return {
      kind: 'parameter',
      items: { kind: 'input', name: it.items.inputParameter },
      itemInput: it.itemInput,
    };
  }
  const json = typeof it.items.raw === 'string' ? it.items.raw : JSON.stringify(it.items.raw);
  return { kind: 'parameter', items: { kind: 'raw', json }, itemInput: it.itemInput };
}

/** Parses a protobuf Duration as JSON ("0s", "3600s", "1.5s") into seconds. */
export function parseDurationSeconds(text: string, location: string): number {
  const match = /^(-?\d+(?:\.\d+)?)s$/.exec(text.trim());
  const seconds = match ? Number(match[1]) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new SkiffError(
      'SKIFF_IR_SCHEMA',
      `${location} is "${text}", which is not a duration like "30s" or "1.5s"`,
      {
        location,
        fix: 'Write the duration as seconds with an "s" suffix, e.g. "0s" or "3600s".',
      },
    );
  }
  return seconds;
}

function toRetryPolicy(raw: NonNullable<RawTask['retryPolicy']>, location: string): RetryPolicy {
  const seconds = (text: string | undefined, key: string, fallback: number) =>
    text === undefined ? fallback : parseDurationSeconds(text, `${location}.${key}`);
  return {
    maxRetryCount: raw.maxRetryCount ?? 0,
    backoffSeconds: seconds(raw.backoffDuration, 'backoffDuration', RETRY_DEFAULTS.backoffSeconds),
    backoffFactor: raw.backoffFactor ?? RETRY_DEFAULTS.backoffFactor,
    backoffMaxSeconds: seconds(
      raw.backoffMaxDuration,
      'backoffMaxDuration',
      RETRY_DEFAULTS.backoffMaxSeconds,
    ),
  };
}
