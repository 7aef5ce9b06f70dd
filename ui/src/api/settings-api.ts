import type { ConfigConflict, StorageProvider } from '../../../src/config/storage-types';
import type { ConfigLocationsAnswer } from '../../../src/server/config-lines/location-types';
import { ApiError } from './api-error';
import { apiFetch, apiJson } from './client';

export type { ConfigConflict, ConfigLocationsAnswer, StorageProvider };

/** `GET /apis/skiff/v1/config`: every effective value with its source; secrets masked by the server. */
export interface ConfigAnswer {
  readonly values: Readonly<Record<string, { readonly value: unknown; readonly source: string }>>;
  readonly storage: {
    readonly providers: readonly StorageProvider[];
    readonly conflicts: readonly ConfigConflict[];
  };
  readonly warnings: readonly string[];
}

/** One line of `GET /apis/skiff/v1/doctor` (src/doctor/doctor-report.ts). */
export interface DoctorCheck {
  readonly name: string;
  readonly target: string;
  readonly status: 'ok' | 'warn' | 'fail' | 'skip';
  readonly detail: string;
  readonly fix?: string;
  readonly code?: string;
  readonly durationMs?: number;
}

export interface DoctorReport {
  readonly ok: boolean;
  readonly checks: readonly DoctorCheck[];
}

/** `GET /healthz`: each dependency's state. */
export interface Health {
  readonly status: string;
  readonly uptime_seconds: number;
  readonly checks?: Readonly<Record<string, { readonly state: string; readonly detail: string }>>;
  readonly reason?: string;
}

/** A system value of the cloud probe: found, or why not. */
export type SystemValue =
  | { readonly found: true; readonly value: string }
  | { readonly found: false; readonly reason: string };

export const fetchConfig = (signal: AbortSignal) =>
  apiJson<ConfigAnswer>('/apis/skiff/v1/config', { signal });
export const fetchConfigLocations = (signal: AbortSignal) =>
  apiJson<ConfigLocationsAnswer>('/apis/skiff/v1/config/locations', { signal });
export const fetchDoctor = (signal: AbortSignal) =>
  apiJson<DoctorReport>('/apis/skiff/v1/doctor', { signal });
export const fetchHealth = (signal: AbortSignal) => apiJson<Health>('/healthz', { signal });
export const fetchVersion = (signal: AbortSignal) =>
  apiJson<{ readonly tag_name?: string }>('/apis/v2beta1/healthz', { signal });

/** `/system/project-id` or `/system/cluster-name`: 200 with the value, 404 with `{reason}`. */
export async function fetchSystemValue(
  name: 'project-id' | 'cluster-name',
  signal: AbortSignal,
): Promise<SystemValue> {
  try {
    const response = await apiFetch(`/system/${name}`, { signal });
    return { found: true, value: await response.text() };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    let reason = error.message;
    try {
      const body = JSON.parse(error.message) as { reason?: unknown };
      if (typeof body.reason === 'string') reason = body.reason;
    } catch {
      // Not JSON: the message as it is.
    }
    return { found: false, reason };
  }
}
