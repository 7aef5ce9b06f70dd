/** One server-sent event as received, with the size of its whole message on the wire. */
export interface SseEvent {
  readonly id: string | undefined;
  readonly event: string;
  // biome-ignore lint/suspicious/noExplicitAny: event payloads are read field by field in assertions.
  readonly data: any;
  readonly bytes: number;
}

/** An open event stream: events in arrival order, comments (heartbeats) counted. */
export interface SseClient {
  readonly status: number;
  readonly events: SseEvent[];
  readonly comments: string[];
  /** Resolves with the events so far once `until` holds for one (or rejects after `timeoutMs`). */
  waitFor(until: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

/** Open `url` as an event stream with fetch (headers such as Authorization and Last-Event-ID allowed). */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  let done = false;
  const ended = (async () => {
    if (!response.body || response.status !== 200) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          parse(message);
        }
        notify();
      }
    } catch {
      // Aborted by close().
    }
  })().finally(() => {
    done = true;
    notify();
  });
  function parse(message: string): void {
    const fields = new Map<string, string>();
    for (const line of message.split('\n')) {
      if (line.startsWith(':')) comments.push(line.slice(1).trim());
      else {
        const colon = line.indexOf(':');
        fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
      }
    }
    const event = fields.get('event');
    if (event === undefined) return;
    events.push({
      id: fields.get('id'),
      event,
      data: JSON.parse(fields.get('data') ?? 'null'),
      bytes: Buffer.byteLength(`${message}\n\n`),
    });
  }
  return {
    status: response.status,
    events,
    comments,
    ended,
    close: () => controller.abort(),
    waitFor: (until, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (events.some(until)) finish(() => resolve([...events]));
          else if (done)
            finish(() =>
              reject(new Error(`stream ended first: ${JSON.stringify(events.map((e) => e.event))}`)),
            );
        };
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(new Error(`timed out: ${JSON.stringify(events.map((e) => [e.event, e.data]))}`)),
            ),
          timeoutMs,
        );
        const finish = (then: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          then();
        };
        waiters.add(check);
        check();
      }),
  };
}
