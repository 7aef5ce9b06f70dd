import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { Logger } from '../../engine/ports.js';
import { SkiffError } from '../../errors/index.js';
import type { PipelineWorkspace } from '../../ir/index.js';
import type { RunState } from '../../metadata/records.js';
import { toDnsLabel } from './k8s-names.js';
import type { KubeApi } from './kube-api.js';
import { ACCESS_MODES } from './platform-volumes.js';
import { RUN_LABEL } from './pvc-steps.js';
import { isQuantity } from './quantity.js';

/** The pod volume that holds the run's workspace claim. */
export const WORKSPACE_VOLUME = 'kfp-workspace';

const LOCATION = 'platforms.kubernetes.pipelineConfig.workspace';
/** How long the end of a run waits for its workspace claim to be deleted. */
const END_WAIT_MS = 10_000;

/** The name of a run's workspace claim: the same for every attempt of the run, and after a restart. */
export function workspaceClaimName(runId: string): string {
  return `skiff-${toDnsLabel(runId, 48)}-workspace`;
}

/**
 * The claim of a run's workspace: `size` as its storage request and ReadWriteMany (the tasks'
 * pods may land on any node), then the pipeline's `pvcSpecPatch` laid over that spec, as KFP does.
 */
export function workspaceClaim(
  runId: string,
  namespace: string,
  workspace: PipelineWorkspace,
): V1PersistentVolumeClaim {
  if (!isQuantity(workspace.size)) {
    throw invalid(
      `${LOCATION}.size`,
      `is "${workspace.size}", not a storage size`,
      'Use a Kubernetes quantity such as "1Gi".',
    );
  }
  const spec: Record<string, unknown> = {
    accessModes: ['ReadWriteMany'],
    resources: { requests: { storage: workspace.size } },
    ...workspace.pvcSpecPatch,
  };
  const modes = spec.accessModes;
  if (
    !Array.isArray(modes) ||
    modes.length === 0 ||
    modes.some((mode) => typeof mode !== 'string' || !ACCESS_MODES.includes(mode))
  ) {
    throw invalid(
      `${LOCATION}.kubernetes.pvcSpecPatch.accessModes`,
      `is ${JSON.stringify(modes)}`,
      `Use a list of one or more of ${ACCESS_MODES.join(', ')}.`,
    );
  }
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: workspaceClaimName(runId),
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'skiff', [RUN_LABEL]: toDnsLabel(runId, 63) },
    },
    spec,
  };
}

function invalid(location: string, what: string, fix: string): SkiffError {
  return new SkiffError('SKIFF_K8S_PLATFORM', `${location} ${what}`, { location, fix });
}

/**
 * The workspace claims of the runs this server runs: made once per run (a claim of that name made
 * by an earlier server is used as it is), deleted when the run succeeds. A failed or canceled
 * run keeps its claim, so a retry of the run finds what its finished tasks left there.
 */
export class RunWorkspaces {
  readonly #made = new Map<string, Promise<string>>();

  constructor(
    private readonly api: KubeApi,
    private readonly namespace: string,
    private readonly log: Logger,
  ) {}

  /** The claim name of the run's workspace, made if needed; undefined when the pipeline has none. */
  async claim(runId: string, workspace: PipelineWorkspace | undefined): Promise<string | undefined> {
    if (workspace === undefined) return undefined;
    let made = this.#made.get(runId);
    if (made === undefined) {
      const claim = workspaceClaim(runId, this.namespace, workspace);
      made = this.api.createPvc(this.namespace, claim).then(() => workspaceClaimName(runId));
      this.#made.set(runId, made);
      made.catch(() => this.#made.delete(runId)); // the next attempt tries again
    }
    return made;
  }

  /** A run followed after a restart has its claim already (made by the earlier server). */
  adopted(runId: string, workspace: PipelineWorkspace | undefined): void {
    if (workspace !== undefined && !this.#made.has(runId)) {
      this.#made.set(runId, Promise.resolve(workspaceClaimName(runId)));
    }
  }

  /** The run ended: delete its claim when it succeeded. */
  async end(runId: string, state: RunState): Promise<void> {
    const made = this.#made.get(runId);
    this.#made.delete(runId);
    if (state !== 'SUCCEEDED' || made === undefined) return;
    const name = await made.catch(() => undefined);
    if (name === undefined) return;
    // The run's end waits for this: never longer than END_WAIT_MS (the claim is labelled with the run).
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${END_WAIT_MS / 1000} s`)), END_WAIT_MS);
    });
    await Promise.race([this.api.deletePvc(this.namespace, name), timeout])
      .catch((error: unknown) => {
        this.log.warn({ runId, claim: name, err: error }, 'could not delete the run’s workspace claim');
      })
      .finally(() => clearTimeout(timer));
  }
}
