import type { SkiffError } from '../../errors/index.js';
import type { JsonValue } from '../../ir/index.js';
import { isJsonObject } from '../../ir/index.js';
import { notLocalError, type PlatformSite, RUN_ON_KUBERNETES, siteOf } from './platform-site.js';
import {
  type JsonObject,
  listOf,
  objectAt,
  ownValue,
  type PlatformValue,
  type PlatformValueScope,
  resolvePlatformValue,
  stringAt,
} from './platform-value.js';

/** The fields that mount or read a named Kubernetes object. */
export type ObjectRefField =
  | 'secretAsEnv'
  | 'secretAsVolume'
  | 'configMapAsEnv'
  | 'configMapAsVolume'
  | 'pvcMount';

interface RefKind {
  readonly noun: string;
  readonly nameParameter: string;
  readonly legacyName: string;
  /** Whether the deprecated name forms (`componentInputParameter`...) may sit on the entry itself. */
  readonly directName: boolean;
  /** Whether `optional: true` lets the pod start without the object. */
  readonly optionalAllowed: boolean;
  readonly why: string;
  readonly fix: string;
}

const SECRET: Omit<RefKind, 'nameParameter' | 'legacyName'> = {
  noun: 'Kubernetes secret',
  directName: false,
  optionalAllowed: true,
  why: 'this machine has no Kubernetes secrets and no local secrets source is configured (Skiff does not offer one yet)',
  fix: `${RUN_ON_KUBERNETES}, where the secret exists; or mark the secret optional (optional=True) to run without it.`,
};
const CONFIG_MAP: Omit<RefKind, 'nameParameter' | 'legacyName'> = {
  noun: 'Kubernetes config map',
  directName: false,
  optionalAllowed: true,
  why: 'this machine has no Kubernetes config maps and no local config-map source is configured',
  fix: `${RUN_ON_KUBERNETES}, where the config map exists; or mark it optional (optional=True) to run without it.`,
};

const KINDS: Readonly<Record<ObjectRefField, RefKind>> = {
  secretAsEnv: { ...SECRET, nameParameter: 'secretNameParameter', legacyName: 'secretName' },
  secretAsVolume: { ...SECRET, nameParameter: 'secretNameParameter', legacyName: 'secretName' },
  configMapAsEnv: { ...CONFIG_MAP, nameParameter: 'configMapNameParameter', legacyName: 'configMapName' },
  configMapAsVolume: { ...CONFIG_MAP, nameParameter: 'configMapNameParameter', legacyName: 'configMapName' },
  pvcMount: {
    noun: 'Kubernetes PersistentVolumeClaim',
    nameParameter: 'pvcNameParameter',
    legacyName: 'constant',
    directName: true,
    optionalAllowed: false,
    why: 'a local process cannot mount volumes',
    fix:
      `${RUN_ON_KUBERNETES}; or share files between tasks through a dsl.PipelineConfig workspace, ` +
      'which Skiff emulates with a local directory.',
  },
};

/** True when `key` is one of the object-referencing fields. */
export function isObjectRefField(key: string): key is ObjectRefField {
  return Object.hasOwn(KINDS, key);
}

/** Where the setting came from and what it resolves against. */
export interface RefContext extends PlatformValueScope {
  readonly executorLabel: string;
  readonly taskName: string;
}

/** Checks each entry of an object-referencing field: drops it (with a note) or returns the NOT_LOCAL error. */
export function checkObjectRefs(
  field: ObjectRefField,
  value: JsonValue,
  ctx: RefContext,
  notes: string[],
): SkiffError | undefined {
  const kind = KINDS[field];
  for (const [index, entry] of listOf(value).entries()) {
    const site = siteOf(ctx.executorLabel, ctx.taskName, `${field}[${index}]`);
    const ref: JsonObject = isJsonObject(entry) ? entry : {};
    const name = objectName(ref, kind, ctx);
    const usage = describeUsage(ref);
    if (name.kind === 'absent') {
      notes.push(
        `${site.field} dropped: the ${kind.noun} name (${name.source}) has no value, so KFP skips it`,
      );
      continue;
    }
    const named = name.kind === 'value' ? `"${name.text}"` : `named by ${name.source}`;
    if (kind.optionalAllowed && ownValue(ref, 'optional') === true) {
      notes.push(
        `${site.field} dropped: optional ${kind.noun} ${named}${usage} is not available on this machine`,
      );
      continue;
    }
    return refError(site, kind, `needs ${kind.noun} ${named}${usage}`);
  }
  return undefined;
}

function refError(site: PlatformSite, kind: RefKind, what: string): SkiffError {
  return notLocalError(site, what, kind.why, kind.fix);
}

/** The name of the object an entry of `field` refers to, resolved as KFP's driver does (see `objectName`). */
export function objectRefName(
  field: ObjectRefField,
  ref: JsonObject,
  scope: PlatformValueScope,
): PlatformValue {
  return objectName(ref, KINDS[field], scope);
}

/** The object's name: the `...NameParameter` spec wins (as in KFP's driver), then the deprecated literal. */
function objectName(ref: JsonObject, kind: RefKind, scope: PlatformValueScope): PlatformValue {
  const parameter = objectAt(ref, kind.nameParameter);
  if (parameter) return resolvePlatformValue(parameter, scope);
  const literal = stringAt(ref, kind.legacyName);
  if (literal !== undefined) return { kind: 'value', text: literal, source: kind.legacyName };
  // Deprecated pvcMount form: componentInputParameter / taskOutputParameter directly on the mount.
  if (kind.directName) return resolvePlatformValue(ref, scope);
  return { kind: 'unknown', source: `no ${kind.legacyName} or ${kind.nameParameter}` };
}

/** ` (key "username" into $USER_NAME)` or ` at /mnt/data`, for messages. */
function describeUsage(ref: JsonObject): string {
  const pairs = listOf(ownValue(ref, 'keyToEnv'))
    .filter(isJsonObject)
    .map((pair) => {
      const key = stringAt(pair, 'secretKey') ?? stringAt(pair, 'configMapKey') ?? '?';
      return `key "${key}" into $${stringAt(pair, 'envVar') ?? '?'}`;
    });
  if (pairs.length > 0) return ` (${pairs.join(', ')})`;
  const mountPath = stringAt(ref, 'mountPath');
  return mountPath === undefined ? '' : ` mounted at ${mountPath}`;
}
