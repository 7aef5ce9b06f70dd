/** One server-sent event message. */
export interface SseMessage {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
}

/** What the parser reports besides messages: a `retry:` field (milliseconds). */
export interface SseParserHooks {
  onMessage(message: SseMessage): void;
  onRetry?(ms: number): void;
}

/**
 * An incremental parser of `text/event-stream` (the WHATWG rules): feed it decoded text in chunks of
 * any size; lines end in LF, CRLF or CR; comments are skipped; `data:` lines join with LF; a blank
 * line dispatches a message that has data.
 */
export function createSseParser(hooks: SseParserHooks): { push(text: string): void } {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  let lastId: string | undefined;
  let pendingCr = false;

  const dispatch = () => {
    if (id !== undefined) lastId = id;
    if (data.length > 0)
      hooks.onMessage({ id: lastId, event: event === '' ? 'message' : event, data: data.join('\n') });
    event = '';
    data = [];
    id = undefined;
  };

  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) hooks.onRetry?.(Number(value));
  };

  return {
    push(text: string) {
      let chunk = text;
      // A CR at the end of the previous chunk and an LF at the start of this one are one line end.
      if (pendingCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
      pendingCr = false;
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        line(buffer.slice(start, i));
        if (c === 13) {
          if (i + 1 === buffer.length) pendingCr = true;
          else if (buffer.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
  };
}
