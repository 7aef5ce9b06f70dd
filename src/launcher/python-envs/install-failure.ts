import { type AttemptFailure, failure } from '../attempt-failure.js';

/** pip's and uv's words for "no package index could be reached" (DNS, refused, unreachable, timeouts). */
const NETWORK =
  /NewConnectionError|Failed to establish a new connection|Temporary failure in name resolution|Name or service not known|Network is unreachable|No route to host|Connection refused|ConnectTimeout|Read timed out|ProxyError|dns error|error sending request|Could not connect to|failed to lookup address|tcp connect error/i;

const NOT_FOUND = [
  /No matching distribution found for (\S+)/g,
  /Because (\S+) was not found in the package registry/g,
  /No solution found when resolving dependencies[\s\S]*?Because (?:there is no version of |)(\S+?)(?:==\S+)? /g,
];

/**
 * The attempt failure for an install whose output is `log`: NOT_LOCAL when a requirement was not
 * found while an index could not be reached (this machine has no network to it: the package is
 * not to be had here, as a tool missing from the machine), else SYSTEM SKIFF_ENV_INSTALL naming
 * the requirements and pip's or uv's own error lines.
 */
export function installFailure(
  log: string,
  requirements: readonly string[],
  how: string,
  installer: string,
): AttemptFailure {
  const missing = notFound(log);
  const named = (missing.length > 0 ? missing : requirements).map((r) => `"${r}"`).join(', ');
  if (missing.length > 0 && NETWORK.test(log)) {
    const all = requirements.map((r) => `"${r}"`).join(', ');
    return failure(
      'SKIFF_EXEC_NOT_LOCAL',
      `the component needs the Python package(s) ${all}; ${named} cannot be installed here: no package index that has it could be reached (${installer}: ${networkLine(log)}); the output of ${installer} is in the log`,
    );
  }
  const errors = log
    .split('\n')
    .filter((line) => /^(ERROR|error|×|\s+╰─▶)/.test(line))
    .slice(0, 6)
    .map((line) => line.trim())
    .join(' | ');
  return failure(
    'SKIFF_ENV_INSTALL',
    `installing ${named} into the component's Python environment failed (${installer} ${how})${errors === '' ? '' : `: ${errors}`}; the whole output is in the log`,
  );
}

function notFound(log: string): string[] {
  const names = new Set<string>();
  for (const pattern of NOT_FOUND) for (const match of log.matchAll(pattern)) names.add(match[1]!);
  return [...names];
}

function networkLine(log: string): string {
  const line = log.split('\n').find((text) => NETWORK.test(text)) ?? '';
  const reason = /\[Errno [^\]]+\] ([^'")]+)/.exec(line)?.[1] ?? NETWORK.exec(line)?.[0] ?? 'no connection';
  const indexes = /Looking in indexes: (.*)/.exec(log)?.[1] ?? '';
  const remote = indexes
    .split(/,\s*/)
    .filter((url) => /^https?:/.test(url))
    .join(', ');
  return remote === '' ? reason.trim() : `${remote}: ${reason.trim()}`;
}
