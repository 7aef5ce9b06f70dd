import { apiJson } from './client';
import type { RunArtifact, RunArtifactsAnswer } from './skiff-types';

/** A KFP run as `GET /apis/v2beta1/runs/{id}` answers it: the fields the compare page reads. */
export interface KfpRun {
  readonly run_id: string;
  readonly display_name?: string;
  readonly state?: string;
  readonly created_at?: string;
  readonly runtime_config?: { readonly parameters?: Readonly<Record<string, unknown>> | null } | null;
}

/** The run's KFP JSON. */
export const fetchRun = (runId: string, signal?: AbortSignal) =>
  apiJson<KfpRun>(`/apis/v2beta1/runs/${encodeURIComponent(runId)}`, signal ? { signal } : {});

/** Every artifact of a run with metadata and lineage (`GET /apis/skiff/v1/runs/{id}/artifacts`). */
export const fetchRunArtifacts = (runId: string, signal?: AbortSignal) =>
  apiJson<RunArtifactsAnswer>(
    `/apis/skiff/v1/runs/${encodeURIComponent(runId)}/artifacts`,
    signal ? { signal } : {},
  );

/** One artifact by its id alone, as the run's list shows it (`GET /apis/skiff/v1/artifacts/{id}/info`). */
export const fetchArtifactInfo = (artifactId: string, signal?: AbortSignal) =>
  apiJson<RunArtifact>(
    `/apis/skiff/v1/artifacts/${encodeURIComponent(artifactId)}/info`,
    signal ? { signal } : {},
  );
