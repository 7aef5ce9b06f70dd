import { spawnSync } from 'node:child_process';

/** How a command runs in a network namespace of its own with only loopback up, or why it cannot here. */
export type NetnsWrap =
  | { readonly ok: true; readonly prefix: readonly string[] }
  | { readonly ok: false; readonly reason: string };

const PREFIX = ['unshare', '-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"'];

let probed: NetnsWrap | undefined;

/**
 * The argv prefix that runs a command with no network but loopback (`unshare -n`, which needs
 * root): pipelines we did not write, and pip, can then reach no address off this machine.
 */
export function netns(): NetnsWrap {
  if (probed) return probed;
  const result = spawnSync(PREFIX[0]!, [...PREFIX.slice(1), 'true'], { stdio: 'ignore', timeout: 10_000 });
  probed =
    result.status === 0
      ? { ok: true, prefix: PREFIX }
      : {
          ok: false,
          reason: `"unshare -n" with "ip link set lo up" cannot run here (it needs root and iproute2): exit ${result.status ?? result.error?.message}`,
        };
  return probed;
}
