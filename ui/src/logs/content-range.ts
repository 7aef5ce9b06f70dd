/** What a `Content-Range` header says: the bytes sent (inclusive end) of a log of `size` bytes. */
export type ContentRange =
  | { readonly kind: 'bytes'; readonly start: number; readonly end: number; readonly size: number }
  // `bytes */SIZE`: the range asked lies past the end (416).
  | { readonly kind: 'unsatisfied'; readonly size: number };

/** Parse `bytes a-b/SIZE` or `bytes *\/SIZE` (a 416); undefined for anything else (an unknown size too). */
export function parseContentRange(header: string | null | undefined): ContentRange | undefined {
  if (header === null || header === undefined) return undefined;
  const sent = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header.trim());
  if (sent !== null) {
    const [start, end, size] = [Number(sent[1]), Number(sent[2]), Number(sent[3])];
    if (start <= end && end < size) return { kind: 'bytes', start, end, size };
    return undefined;
  }
  const past = /^bytes \*\/(\d+)$/.exec(header.trim());
  return past === null ? undefined : { kind: 'unsatisfied', size: Number(past[1]) };
}
