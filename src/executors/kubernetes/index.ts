export type { KubernetesRunner } from './kubernetes-runner.js';
export { readPlanEnv } from './plan-env.js';
export { mainWrapper, podPaths, podScript } from './pod-command.js';
export { attemptOutcomeOf, type PodOutcome, parsePodOutcome } from './pod-outcome.js';
export {
  POD_DIR,
  type PodPlan,
  type PodProvider,
  parsePodPlan,
  podPlanOf,
} from './pod-plan.js';
export { type PodProbeOptions, runPodProbe } from './pod-probe.js';
export { runSidecar, type SidecarOptions } from './pod-sidecar.js';
export {
  PROBE_PLAN_ENV,
  type ProbePlan,
  type ProbeReport,
  type ProbeStepReport,
  parseProbePlan,
  parseProbeReport,
} from './probe-plan.js';
// The runner loads @kubernetes/client-node: services import './create-runner.js' on demand.
