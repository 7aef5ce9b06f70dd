import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` of a file of `size` bytes → [start, end) or 'unsatisfiable'. */
export function parseRange(
  header: string,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size : Math.min(size, Number(match[2]) + 1);
  }
  return start >= size || start >= end ? 'unsatisfiable' : { start, end };
}

/**
 * Answers `size` bytes of content with HTTP Range support (RFC 9110): `Accept-Ranges: bytes`; the
 * whole content (200) when `range` is absent or not a single byte range; 206 with Content-Range
 * for a satisfiable one; 416 with `Content-Range: bytes *\/size` otherwise. `open(start, end)`
 * reads [start, end).
 */
export async function sendByteRange(
  reply: FastifyReply,
  range: string | undefined,
  size: number,
  open: (start: number, end: number) => Promise<Readable | string>,
): Promise<FastifyReply> {
  void reply.header('accept-ranges', 'bytes');
  const asked = range === undefined ? undefined : parseRange(range, size);
  if (asked === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${size}`).send();
  if (asked === undefined) {
    void reply.header('content-length', String(size));
    return reply.send(size === 0 ? '' : await open(0, size));
  }
  void reply
    .status(206)
    .header('content-range', `bytes ${asked.start}-${asked.end - 1}/${size}`)
    .header('content-length', String(asked.end - asked.start));
  return reply.send(await open(asked.start, asked.end));
}
