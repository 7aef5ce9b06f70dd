import type { ConfigConflict, StorageProvider } from '../../../src/config/storage-types';
import type { DoctorCheck, DoctorReport } from '../../../src/doctor/doctor-report';
import type { ConfigLocationsAnswer } from '../../../src/server/config-lines/location-types';
import { ApiError } from './api-error';
import { apiFetch, apiJson } from './client';

// The server's own types of these answers, shared rather than copied.
export type { ConfigConflict, ConfigLocationsAnswer, DoctorCheck, DoctorReport, StorageProvider };

/** `GET /apis/skiff/v1/config`: every effective value with its source; secrets masked by the server. */
export interface ConfigAnswer {
  readonly values: Readonly<Record<string, { readonly value: unknown; readonly source: string }>>;
  readonly storage: {
    readonly providers: readonly StorageProvider[];
    readonly conflicts: readonly ConfigConflict[];
  };
  readonly warnings: readonly string[];
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

/** The effective configuration (`GET /apis/skiff/v1/config`). */
export const fetchConfig = (signal: AbortSignal) =>
  apiJson<ConfigAnswer>('/apis/skiff/v1/config', { signal });
/** The file and line of values set in files (`GET /apis/skiff/v1/config/locations`). */
export const fetchConfigLocations = (signal: AbortSignal) =>
  apiJson<ConfigLocationsAnswer>('/apis/skiff/v1/config/locations', { signal });
/** Run every doctor check on the server (a second or more). */
export const fetchDoctor = (signal: AbortSignal) =>
  apiJson<DoctorReport>('/apis/skiff/v1/doctor', { signal });
/** Each dependency's state (`GET /healthz`). */
export const fetchHealth = (signal: AbortSignal) => apiJson<Health>('/healthz', { signal });
/** The server's version in KFP's health answer (`tag_name`: `skiff-0.1.0`). */
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
