import type { SkiffError } from '../../errors/index.js';
import type { JsonValue, KubernetesExecutorConfig } from '../../ir/index.js';
import { isJsonObject } from '../../ir/index.js';
import {
  fieldPathValue,
  LOCAL_NAMESPACE,
  type LocalPod,
  localPodName,
  localPodUid,
  SUPPORTED_FIELD_PATHS,
} from './field-path-env.js';
import { IGNORED_FIELDS, VOLUME_FIELDS } from './ignored-fields.js';
import { checkObjectRefs, isObjectRefField } from './object-refs.js';
import { notLocalError, RUN_ON_KUBERNETES, siteOf } from './platform-site.js';
import { type JsonObject, listOf, objectAt, type PlatformValueScope, stringAt } from './platform-value.js';
import { isKubernetesStubImage, stubImageError } from './stub-images.js';

/** What `localPlatform` needs to know about the attempt. */
export interface LocalPlatformContext extends PlatformValueScope {
  readonly taskName: string;
  readonly runId: string;
  readonly pipelineName: string;
  readonly executorLabel: string;
  readonly image: string;
  /** Reported for `spec.nodeName`; default `localhost`. */
  readonly nodeName?: string;
}

/** The local meaning of a platform config: env vars to add and notes for the log, or why it cannot run here. */
export type LocalPlatform =
  | { readonly ok: true; readonly env: Record<string, string>; readonly notes: string[] }
  | { readonly ok: false; readonly error: SkiffError };

/**
 * Decides what the local executor does with an executor's `platforms.kubernetes` config: emulates
 * podMetadata + fieldPathAsEnv (downward API), drops settings whose object name has no value and
 * optional secrets/config maps, ignores scheduling hints and unknown fields (each with a note), and
 * fails secrets, config maps, PVCs and other volumes with SKIFF_EXEC_NOT_LOCAL. A KFP stub image
 * (`argostub/createpvc`) fails the same way, with or without a config.
 */
export function localPlatform(
  config: KubernetesExecutorConfig | undefined,
  ctx: LocalPlatformContext,
): LocalPlatform {
  if (isKubernetesStubImage(ctx.image)) {
    return { ok: false, error: stubImageError(ctx.executorLabel, ctx.image) };
  }
  const env: Record<string, string> = {};
  const notes: string[] = [];
  for (const [field, value] of Object.entries(config ?? {})) {
    const error = applyField(field, value, config ?? {}, ctx, { env, notes });
    if (error) return { ok: false, error };
  }
  return { ok: true, env, notes };
}

interface Effects {
  readonly env: Record<string, string>;
  readonly notes: string[];
}

function applyField(
  field: string,
  value: JsonValue,
  config: KubernetesExecutorConfig,
  ctx: LocalPlatformContext,
  out: Effects,
): SkiffError | undefined {
  if (isObjectRefField(field)) return checkObjectRefs(field, value, ctx, out.notes);
  if (field === 'fieldPathAsEnv') return applyFieldPaths(value, localPod(config, ctx), ctx, out);
  if (field === 'podMetadata') {
    out.notes.push(
      'podMetadata: no pod is created locally; its labels and annotations only feed fieldPathAsEnv',
    );
    return undefined;
  }
  const ignored = Object.hasOwn(IGNORED_FIELDS, field) ? IGNORED_FIELDS[field] : undefined;
  if (ignored !== undefined) {
    out.notes.push(`${field}: ignored locally (${ignored})`);
    return undefined;
  }
  if (Object.hasOwn(VOLUME_FIELDS, field)) return volumeError(field, value, ctx);
  if (field === 'initContainers') return initContainerError(value, ctx);
  out.notes.push(`${field}: ignored locally (not a platform field this version of Skiff knows)`);
  return undefined;
}

/** The pod the attempt pretends to be: the executor's own podMetadata plus a pod-like identity. */
function localPod(config: KubernetesExecutorConfig, ctx: LocalPlatformContext): LocalPod {
  const metadata = objectAt(config, 'podMetadata') ?? {};
  return {
    name: localPodName(ctx),
    namespace: LOCAL_NAMESPACE,
    uid: localPodUid(ctx),
    labels: stringMap(objectAt(metadata, 'labels')),
    annotations: stringMap(objectAt(metadata, 'annotations')),
    nodeName: ctx.nodeName ?? 'localhost',
  };
}

function applyFieldPaths(
  value: JsonValue,
  pod: LocalPod,
  ctx: LocalPlatformContext,
  out: Effects,
): SkiffError | undefined {
  for (const [index, entry] of listOf(value).entries()) {
    const site = siteOf(ctx.executorLabel, ctx.taskName, `fieldPathAsEnv[${index}]`);
    const item: JsonObject = isJsonObject(entry) ? entry : {};
    const name = stringAt(item, 'name');
    const fieldPath = stringAt(item, 'fieldPath') ?? '';
    if (name === undefined) {
      out.notes.push(`${site.field} ignored: it names no env var`);
      continue;
    }
    const resolved = fieldPathValue(fieldPath, pod);
    if (resolved === undefined) {
      return notLocalError(
        site,
        `sets $${name} from fieldPath "${fieldPath}"`,
        `the local executor emulates only the downward-API fields ${SUPPORTED_FIELD_PATHS.join(', ')}`,
        `${RUN_ON_KUBERNETES}, or read one of the emulated fields.`,
      );
    }
    setOwnString(out.env, name, resolved);
  }
  return undefined;
}

function volumeError(field: string, value: JsonValue, ctx: LocalPlatformContext): SkiffError | undefined {
  const [first] = listOf(value);
  if (first === undefined) return undefined;
  const volume: JsonObject = isJsonObject(first) ? first : {};
  const name = stringAt(volume, 'volumeName') ?? '?';
  const mountPath = stringAt(volume, 'mountPath') ?? '?';
  return notLocalError(
    siteOf(ctx.executorLabel, ctx.taskName, `${field}[0]`),
    `mounts ${VOLUME_FIELDS[field] ?? 'a volume'} "${name}" at ${mountPath}`,
    'a local process cannot mount volumes',
    `${RUN_ON_KUBERNETES}, or write scratch files under a temporary directory instead of a mounted path.`,
  );
}

function initContainerError(value: JsonValue, ctx: LocalPlatformContext): SkiffError | undefined {
  const [first] = listOf(value);
  if (first === undefined) return undefined;
  const container: JsonObject = isJsonObject(first) ? first : {};
  return notLocalError(
    siteOf(ctx.executorLabel, ctx.taskName, 'initContainers[0]'),
    `runs init container "${stringAt(container, 'name') ?? '?'}" (image ${stringAt(container, 'image') ?? '?'})`,
    'the local executor runs one process per task and no containers',
    `${RUN_ON_KUBERNETES}.`,
  );
}

/** A map of strings; non-string values (never emitted by the SDK) are rendered as JSON. */
function stringMap(record: JsonObject | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) {
    setOwnString(result, key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return result;
}

/** Sets an own property, also for keys such as "__proto__" that plain assignment mishandles. */
function setOwnString(record: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
