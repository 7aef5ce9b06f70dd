import type { JsonValue } from '../ir/types.js';

/** Reads a BIGINT epoch-ms column as a number (a driver may deliver BIGINT as a string or bigint). */
export function fromEpochMs(value: number | string | bigint): number {
  return Number(value);
}

/** Reads a nullable BIGINT epoch-ms column. */
export function fromNullableEpochMs(value: number | string | bigint | null): number | null {
  return value === null ? null : Number(value);
}

/** Writes a JSON value to a TEXT column. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value);
}

/** Writes a nullable JSON value to a TEXT column (null stays SQL NULL). */
export function toNullableJsonText(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** Reads a JSON TEXT column written by `toJsonText`. */
export function fromJsonText<T = JsonValue>(text: string): T {
  return JSON.parse(text) as T;
}

/** Reads a nullable JSON TEXT column. */
export function fromNullableJsonText<T = JsonValue>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
