import { SkiffError } from '../../errors/index.js';

/** Where a platform setting sits: its spec path and the executor and task it configures. */
export interface PlatformSite {
  /** Full path, e.g. `platforms.kubernetes.deploymentSpec.executors.exec-comp.secretAsEnv[0]`. */
  readonly location: string;
  /** Short path inside the executor config, e.g. `secretAsEnv[0]`. */
  readonly field: string;
  readonly executorLabel: string;
  readonly taskName: string;
}

/** The spec path of an executor's platform config. */
export function executorConfigPath(executorLabel: string): string {
  return `platforms.kubernetes.deploymentSpec.executors.${executorLabel}`;
}

/** The site of `field` (e.g. `secretAsEnv[0]`) in the config of `executorLabel`. */
export function siteOf(executorLabel: string, taskName: string, field: string): PlatformSite {
  return { location: `${executorConfigPath(executorLabel)}.${field}`, field, executorLabel, taskName };
}

/** A SKIFF_EXEC_NOT_LOCAL error for a platform setting: `what` needs Kubernetes because `why`. */
export function notLocalError(site: PlatformSite, what: string, why: string, fix: string): SkiffError {
  return new SkiffError(
    'SKIFF_EXEC_NOT_LOCAL',
    `${site.location} (task "${site.taskName}") ${what}; ${why}, so the task cannot run on this machine`,
    { location: site.location, fix },
  );
}

/** The general fix for settings only a cluster can honour. */
export const RUN_ON_KUBERNETES = 'Run the pipeline on Kubernetes (the Argo backend)';
