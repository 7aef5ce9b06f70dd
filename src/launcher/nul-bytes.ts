import type { JsonValue } from '../ir/types.js';
import { type AttemptFailure, failure } from './attempt-failure.js';

/**
 * A failure (SKIFF_EXEC_NUL_BYTE) when the command line or environment of an attempt holds a NUL
 * byte, which no process can be given (execve ends every string at it), naming the input
 * parameters that brought one; null when there is none. Checked before the process is started, so
 * such an input is not reported as a spawn failure of the machine.
 */
export function nulByteFailure(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  parameters: Readonly<Record<string, JsonValue>>,
): AttemptFailure | null {
  const inArgv = argv.findIndex((arg) => arg.includes('\0'));
  const inEnv = Object.keys(env).find((name) => name.includes('\0') || env[name]!.includes('\0'));
  if (inArgv === -1 && inEnv === undefined) return null;
  const where =
    inArgv !== -1 ? `argument ${inArgv + 1} of the command` : `environment variable ${JSON.stringify(inEnv)}`;
  const from = Object.keys(parameters).filter((name) => holdsNul(parameters[name]!));
  const because =
    from.length === 0 ? '' : ` (it comes from input parameter ${from.map((name) => `"${name}"`).join(', ')})`;
  return failure('SKIFF_EXEC_NUL_BYTE', `${where} holds a NUL byte, which no process can be given${because}`);
}

function holdsNul(value: JsonValue): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => k.includes('\0') || holdsNul(v));
  return false;
}
