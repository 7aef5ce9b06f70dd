import fs from 'node:fs/promises';

/** Bytes the start of the kubelet's copy is looked for by before the whole overlap is compared. */
const PROBE_BYTES = 256;
/** Places compared at most (a log of one line repeated matches the probe on every line). */
const MAX_CANDIDATES = 10_000;

/**
 * Complete the streamed copy of a pod's log (`liveLog`, a prefix of the whole log that may lag
 * behind its end) with the log as the kubelet keeps it (`kubelet`: the whole log, or only its last
 * part once the kubelet has rotated older parts away). What the streamed copy lacks is appended;
 * what it holds is never replaced by less. When the two do not overlap, a line says that part of
 * the log between them may be missing.
 */
export async function completeLiveLog(liveLog: string, kubelet: string): Promise<void> {
  if (kubelet === '') return;
  const more = Buffer.from(kubelet, 'utf8');
  const size = await fs.stat(liveLog).then(
    (stat) => stat.size,
    () => 0,
  );
  if (size === 0) return fs.writeFile(liveLog, more);
  const tailBytes = Math.min(size, more.length);
  const file = await fs.open(liveLog, 'r+');
  try {
    const tail = Buffer.alloc(tailBytes);
    await file.read(tail, 0, tailBytes, size - tailBytes);
    const overlap = overlapLength(tail, more);
    if (overlap === more.length) return;
    const gap =
      overlap === 0
        ? Buffer.from(
            `\n[skiff: the log may lack lines here: the kubelet had rotated them away before they were read; ${more.length} bytes follow as the kubelet kept them]\n`,
          )
        : Buffer.alloc(0);
    await file.write(Buffer.concat([gap, more.subarray(overlap)]), 0, undefined, size);
  } finally {
    await file.close();
  }
}

/** The length of the longest end of `tail` that is also the start of `head` (0 when none is). */
export function overlapLength(tail: Buffer, head: Buffer): number {
  const longest = Math.min(tail.length, head.length);
  if (longest === 0) return 0;
  const probe = head.subarray(0, Math.min(PROBE_BYTES, longest));
  let candidates = 0;
  for (let at = tail.indexOf(probe, tail.length - longest); at >= 0; at = tail.indexOf(probe, at + 1)) {
    if (++candidates > MAX_CANDIDATES) return 0;
    const length = tail.length - at;
    if (length <= head.length && tail.subarray(at).equals(head.subarray(0, length))) return length;
  }
  // An overlap shorter than the probe: compare the last bytes of `tail` directly.
  for (let length = Math.min(probe.length - 1, tail.length); length > 0; length--) {
    if (tail.subarray(tail.length - length).equals(head.subarray(0, length))) return length;
  }
  return 0;
}
