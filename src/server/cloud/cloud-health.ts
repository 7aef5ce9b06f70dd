import type { HealthSource } from '../routes/healthz.js';
import type { CloudProbe, CloudProbeState } from './cloud-probe.js';
import type { MetadataAnswer } from './metadata-request.js';

/**
 * The `cloud` entry of /healthz: `off` when no call is made (cloud.metadata off, or no hint of Google
 * Cloud) or auto found no metadata server; `ok` while probing and when values were found; `degraded`
 * only when cloud.metadata is gke and the metadata server gave nothing. The detail says what was found.
 */
export function cloudHealth(probe: CloudProbe): HealthSource {
  return async () => describe(probe.state());
}

function describe(state: CloudProbeState): { state: 'ok' | 'degraded' | 'off'; detail: string } {
  if (state.phase === 'skipped') {
    return {
      state: 'off',
      detail:
        state.mode === 'off'
          ? 'cloud.metadata is off: no calls to the metadata server'
          : 'cloud.metadata is auto and nothing suggests Google Cloud: no calls to the metadata server',
    };
  }
  if (state.phase === 'probing') {
    return { state: 'ok', detail: `asking ${state.host} (${state.because}); probe in progress` };
  }
  const found = `project-id ${text(state.projectId)}, cluster-name ${text(state.clusterName)}`;
  if (state.projectId.found || state.clusterName.found) {
    return { state: 'ok', detail: `${state.host} answered: ${found}` };
  }
  return {
    state: state.mode === 'gke' ? 'degraded' : 'off',
    detail: `no metadata server answer from ${state.host} (${state.because}): ${found}`,
  };
}

function text(answer: MetadataAnswer): string {
  return answer.found ? JSON.stringify(answer.value) : `unknown (${answer.reason})`;
}
