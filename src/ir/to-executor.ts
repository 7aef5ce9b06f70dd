import { SkiffError } from '../errors/index.js';
import type { RawExecutor } from './ir-schema.js';
import type { ArtifactType, ExecutorSpec, JsonValue, ResourceSpec } from './types.js';

/** Maps a raw deploymentSpec executor (at `location`) to a container or importer spec. */
export function toExecutor(raw: RawExecutor, location: string): ExecutorSpec {
  if (raw.container && raw.importer) {
    throw new SkiffError('SKIFF_IR_SCHEMA', `${location} has both "container" and "importer"`, {
      location,
      fix: 'Give one of container and importer per executor.',
    });
  }
  if (raw.container) {
    const c = raw.container;
    const resources = c.resources && toResources(c.resources);
    return {
      kind: 'container',
      image: c.image,
      command: c.command ?? [],
      args: c.args ?? [],
      env: (c.env ?? []).map((e) => ({ name: e.name, value: e.value ?? '' })),
      ...(resources ? { resources } : {}),
    };
  }
  if (raw.importer) {
    const i = raw.importer;
    return {
      kind: 'importer',
      artifactUri: importerUri(i.artifactUri, `${location}.importer.artifactUri`),
      type: toArtifactType(i.typeSchema),
      metadata: (i.metadata ?? {}) as Record<string, JsonValue>,
      reimport: i.reimport ?? false,
    };
  }
  const kinds = Object.keys(raw);
  throw new SkiffError(
    'SKIFF_IR_UNSUPPORTED',
    `${location} is neither a container nor an importer${kinds.length ? ` (it has: ${kinds.join(', ')})` : ''}; Skiff runs only container and importer executors`,
    {
      location,
      fix: 'Use container components or dsl.importer; platform-specific executors (resolver, customJob) are not supported.',
    },
  );
}

function importerUri(raw: NonNullable<RawExecutor['importer']>['artifactUri'], location: string) {
  const constant = raw.constant ?? raw.constantValue?.stringValue;
  if (constant !== undefined && raw.runtimeParameter === undefined)
    return { kind: 'constant', value: constant } as const;
  if (raw.runtimeParameter !== undefined && constant === undefined) {
    return { kind: 'runtimeParameter', name: raw.runtimeParameter } as const;
  }
  throw new SkiffError(
    'SKIFF_IR_SCHEMA',
    `${location} must have exactly one of "constant" and "runtimeParameter"`,
    {
      location,
      fix: 'Give the importer URI as artifactUri.constant or artifactUri.runtimeParameter.',
    },
  );
}

/** Maps a raw artifactType/typeSchema; a legacy `instanceSchema` without title becomes system.Artifact. */
export function toArtifactType(raw: {
  schemaTitle?: string | undefined;
  schemaVersion?: string | undefined;
}): ArtifactType {
  const schemaTitle = raw.schemaTitle ?? 'system.Artifact';
  return raw.schemaVersion === undefined
    ? { schemaTitle }
    : { schemaTitle, schemaVersion: raw.schemaVersion };
}

type RawResources = NonNullable<NonNullable<RawExecutor['container']>['resources']>;

/** Resource strings: the `resource*` string fields win over the older numeric ones (CPU cores, memory in GB). */
function toResources(raw: RawResources): ResourceSpec | undefined {
  const out: {
    cpuLimit?: string;
    memoryLimit?: string;
    cpuRequest?: string;
    memoryRequest?: string;
    accelerator?: { type?: string; count?: string };
  } = {};
  const cpuLimit = raw.resourceCpuLimit ?? numberText(raw.cpuLimit, '');
  const memoryLimit = raw.resourceMemoryLimit ?? numberText(raw.memoryLimit, 'G');
  const cpuRequest = raw.resourceCpuRequest ?? numberText(raw.cpuRequest, '');
  const memoryRequest = raw.resourceMemoryRequest ?? numberText(raw.memoryRequest, 'G');
  if (cpuLimit !== undefined) out.cpuLimit = cpuLimit;
  if (memoryLimit !== undefined) out.memoryLimit = memoryLimit;
  if (cpuRequest !== undefined) out.cpuRequest = cpuRequest;
  if (memoryRequest !== undefined) out.memoryRequest = memoryRequest;
  const acc = raw.accelerator;
  if (acc) {
    const type = acc.resourceType ?? acc.type;
    const count = acc.resourceCount ?? (acc.count === undefined ? undefined : String(acc.count));
    out.accelerator = {
      ...(type !== undefined ? { type } : {}),
      ...(count !== undefined ? { count } : {}),
    };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function numberText(value: number | undefined, unit: string): string | undefined {
  return value === undefined ? undefined : `${value}${unit}`;
}
