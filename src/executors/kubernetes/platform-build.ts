import type {
  V1Affinity,
  V1EnvVar,
  V1LocalObjectReference,
  V1SecurityContext,
  V1Toleration,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import { SkiffError } from '../../errors/index.js';
import type { JsonValue } from '../../ir/index.js';
import { siteOf } from '../../launcher/kubernetes/platform-site.js';
import type { PlatformValue, PlatformValueScope } from '../../launcher/kubernetes/platform-value.js';
import { VolumeNames } from './volume-names.js';

/** What `podPlatform` resolves names against, and which executor and task it configures (for messages). */
export interface PodPlatformScope extends PlatformValueScope {
  readonly executorLabel: string;
  readonly taskName: string;
}

/** The pieces a platform config adds to the attempt's pod; the main container gets env, mounts, pull policy and security context. */
export interface PodPlatformParts {
  readonly env: V1EnvVar[];
  readonly volumes: V1Volume[];
  readonly mounts: V1VolumeMount[];
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations: V1Toleration[];
  readonly affinity?: V1Affinity;
  readonly imagePullSecrets: V1LocalObjectReference[];
  readonly imagePullPolicy?: 'Always' | 'Never' | 'IfNotPresent';
  /** podMetadata labels and annotations for the pod's metadata. */
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly activeDeadlineSeconds?: number;
  /** For the main container (KFP `securityContext`: runAsUser, runAsGroup, runAsNonRoot; capabilities dropped). */
  readonly securityContext?: V1SecurityContext;
}

/** Mutable parts while a config is applied. */
export type PartsDraft = { -readonly [K in keyof PodPlatformParts]: PodPlatformParts[K] };

/** The state shared by the field handlers of one `podPlatform` call. */
/** The parts of a pod whose platform config asks for nothing. */
export function emptyParts(): PartsDraft {
  return {
    env: [],
    volumes: [],
    mounts: [],
    tolerations: [],
    imagePullSecrets: [],
    labels: {},
    annotations: {},
  };
}

export class PlatformBuild {
  readonly parts: PartsDraft = emptyParts();
  readonly volumeNames = new VolumeNames();
  private readonly mountPaths = new Map<string, string>();

  constructor(readonly scope: PodPlatformScope) {}

  /** Throws the SKIFF_K8S_PLATFORM error for `field` (e.g. `tolerations[0].operator`): `what` is wrong, `fix` says how to fix it. */
  fail(field: string, what: string, fix: string): never {
    const site = siteOf(this.scope.executorLabel, this.scope.taskName, field);
    throw new SkiffError('SKIFF_K8S_PLATFORM', `${site.location} (task "${site.taskName}") ${what}`, {
      location: site.location,
      fix,
    });
  }

  /** A resolved object name: the text, undefined when it resolved to nothing (KFP drops the setting), or a failure when unknowable. */
  nameOf(field: string, value: PlatformValue): string | undefined {
    if (value.kind === 'absent') return undefined;
    if (value.kind === 'unknown') {
      this.fail(
        field,
        `takes its name from ${value.source}, which has no value for this task`,
        'Pass the value the name is read from (a pipeline argument or an upstream output), or set the name as a constant.',
      );
    }
    return value.text;
  }

  /** A JSON-valued setting (`...Json` fields): parsed, or undefined when it resolved to nothing. */
  jsonOf(field: string, value: PlatformValue): JsonValue | undefined {
    const text = this.nameOf(field, value);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as JsonValue;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return this.fail(
        field,
        `is ${JSON.stringify(text)} (from ${value.source}), which is not JSON (${reason})`,
        'Pass a JSON object or list (a dict or list in Python) as the value.',
      );
    }
  }

  /** Adds a volume and its mount in the main container, after checking the mount path. */
  addVolume(field: string, volume: V1Volume, mount: V1VolumeMount): void {
    this.checkMountPath(`${field}.mountPath`, mount.mountPath);
    this.parts.volumes.push(volume);
    this.parts.mounts.push(mount);
  }

  private checkMountPath(field: string, path: string): void {
    if (!path.startsWith('/')) {
      this.fail(
        field,
        `is ${JSON.stringify(path)}, which is not an absolute path`,
        'Give the mount path as an absolute path in the container, e.g. "/mnt/data".',
      );
    }
    const normal = path.replace(/\/+$/, '') || '/';
    const earlier = this.mountPaths.get(normal);
    if (earlier !== undefined) {
      this.fail(
        field,
        `mounts a second volume at ${path}, already used by ${earlier}`,
        'Give each volume of the task its own mount path.',
      );
    }
    this.mountPaths.set(normal, field);
  }
}
