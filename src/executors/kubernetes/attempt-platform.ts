import type { V1ResourceRequirements } from '@kubernetes/client-node';
import type { AttemptOutcome, AttemptRequest } from '../../engine/ports.js';
import { failureFromError } from '../../launcher/attempt-failure.js';
import { containerResources } from './container-resources.js';
import type { PodPlatformParts } from './platform-build.js';
import { podPlatform } from './pod-platform.js';

/** What an attempt's pod takes from its spec: the platform config's parts and the container's resources. */
export interface AttemptPlatform {
  readonly parts: PodPlatformParts;
  readonly resources: V1ResourceRequirements | undefined;
}

/** The pod parts of an attempt, or the failed outcome that names the bad platform value. */
export function attemptPlatform(request: AttemptRequest): AttemptPlatform | AttemptOutcome {
  const executorLabel = request.component.executorLabel;
  const platform = podPlatform(request.kubernetes, {
    parameters: request.inputs.parameters,
    scopeParameters: request.platformScope.dagParameters,
    upstreamOutputs: request.platformScope.upstreamOutputs,
    executorLabel,
    taskName: request.context.taskName,
  });
  if (!platform.ok) return failed(platform.error);
  const resources = containerResources(request.container.resources, {
    executorLabel,
    parameters: request.inputs.parameters,
  });
  if (!resources.ok) return failed(resources.error);
  return { parts: platform.parts, resources: resources.resources };
}

function failed(error: unknown): AttemptOutcome {
  const f = failureFromError(error);
  return { ok: false, kind: f.kind, message: f.message, exitCode: f.exitCode, logUri: null };
}
