import fs from 'node:fs/promises';
import { isSkiffError } from '../../errors/index.js';
import { ProviderStores, parseStorageUri } from '../../storage/index.js';
import { podStorageSettings } from './pod-storage-settings.js';
import { type ProbePlan, type ProbeReport, type ProbeStepReport, probeReportText } from './probe-plan.js';

/** What `skiff pod-probe` works with. */
export interface PodProbeOptions {
  readonly plan: ProbePlan;
  /** The pod's environment: the storage credentials the plan names come from here. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where Kubernetes reads the termination message (`/dev/termination-log`). */
  readonly terminationLog: string;
  readonly out: { write(text: string): void };
  readonly signal?: AbortSignal;
}

/**
 * The probe pod of `skiff doctor`: reach the pipeline root from inside the cluster through the
 * providers and credentials task pods get (DNS, TCP, TLS, bucket, then put, get and delete of a
 * probe object under the root), print the report as one JSON line and write it as the termination
 * message. Returns the exit code: 0 when every step passed.
 */
export async function runPodProbe(options: PodProbeOptions): Promise<number> {
  const report = await probeRoot(options.plan, options.env, options.signal);
  const text = probeReportText(report);
  options.out.write(`${text}\n`);
  await fs.writeFile(options.terminationLog, text).catch(() => {});
  return report.ok ? 0 : 1;
}

async function probeRoot(
  plan: ProbePlan,
  env: Readonly<Record<string, string | undefined>>,
  signal?: AbortSignal,
): Promise<ProbeReport> {
  const root = plan.pipelineRoot;
  const started = performance.now();
  const resolveFailed = (code: string, message: string, fix?: string): ProbeReport => ({
    ok: false,
    rootUri: root,
    steps: [
      {
        name: 'resolve',
        ok: false,
        detail: `find the storage provider of ${root}`,
        durationMs: Math.round(performance.now() - started),
        code,
        message,
        ...(fix === undefined ? {} : { fix }),
      },
    ],
  });
  if (parseStorageUri(root).scheme === 'file') {
    return resolveFailed(
      'SKIFF_K8S_LOCAL_ROOT',
      `pipeline root ${root} (set in ${plan.pipelineRootSource}) is a directory of the machine skiff runs on, which pods cannot reach`,
    );
  }
  const stores = new ProviderStores(podStorageSettings(root, plan.storage, env));
  let location: ReturnType<ProviderStores['resolve']>;
  try {
    location = stores.resolve(root, plan.pipelineRootSource);
  } catch (error) {
    if (!isSkiffError(error)) throw error;
    return resolveFailed(error.code, error.message, error.fix);
  } finally {
    stores.close();
  }
  const provider = location.storage.provider!;
  const resolved: ProbeStepReport = {
    name: 'resolve',
    ok: true,
    detail: `${provider.scheme} provider from ${provider.source}, endpoint ${provider.endpoint}`,
    durationMs: Math.round(performance.now() - started),
  };
  // Loaded here: the AWS SDK is not part of every `skiff` start-up.
  const { probeS3 } = await import('../../storage/s3/s3-probe.js');
  const settings = { ...location.settings!, rootUri: root, prefix: parseStorageUri(root).path };
  const probe = await probeS3(settings, signal);
  const steps = probe.steps.map(
    (step): ProbeStepReport => ({
      name: step.name,
      ok: step.ok,
      detail: step.detail,
      durationMs: step.durationMs,
      ...(step.error ? { code: step.error.code, message: step.error.message, fix: step.error.fix } : {}),
    }),
  );
  return { ok: probe.ok, rootUri: root, endpoint: probe.endpoint, steps: [resolved, ...steps] };
}
