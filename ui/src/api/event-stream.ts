import { currentToken, onTokenChange } from '../auth/token';
import { apiFetch } from './client';
import { createSseParser, type SseMessage } from './sse-parser';

export interface EventStreamOptions {
  /** Each message, parsed JSON in `data` when it is JSON. */
  onMessage(message: SseMessage & { readonly json: unknown }): void;
  /**
   * The stream failed for good (400, 403, 404), was refused for want of a token (401: it waits
   * for a new token, then reconnects; `retrying` false), or is retrying after a drop (`retrying` true).
   */
  onError?(error: unknown, retrying: boolean): void;
  /** Connected (again): the server answered 200. */
  onOpen?(): void;
}

export interface EventStream {
  /** Stop reading and do not reconnect. */
  close(): void;
}

const NO_RETRY_STATUSES = new Set([400, 403, 404]);

/** Resolves once the saved token is no longer `sentToken` (at once if it already changed) or `signal` aborts. */
function tokenOtherThan(sentToken: string | undefined, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (currentToken() !== sentToken || signal.aborted) return resolve();
    const done = () => {
      stop();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const stop = onTokenChange(() => {
      if (currentToken() !== sentToken) done();
    });
    signal.addEventListener('abort', done);
  });
}

/**
 * Follow a server-sent event stream of the Skiff API with fetch (so the bearer token can be sent,
 * which EventSource cannot), reconnecting after a drop with `Last-Event-ID` as EventSource would,
 * after the delay the server's `retry:` asks (2 s by default), until closed. A 401 waits for the
 * person to give a token (the app's prompt) and then reconnects; another 4xx answer stops it.
 */
export function openEventStream(path: string, options: EventStreamOptions): EventStream {
  const controller = new AbortController();
  let lastId: string | undefined;
  let retryMs = 2_000;
  let closed = false;

  const run = async () => {
    while (!closed) {
      const sentToken = currentToken();
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream' };
        if (lastId !== undefined) headers['last-event-id'] = lastId;
        const response = await apiFetch(path, { headers, signal: controller.signal });
        options.onOpen?.();
        const parser = createSseParser({
          onMessage: (message) => {
            if (message.id !== undefined) lastId = message.id;
            let json: unknown;
            try {
              json = JSON.parse(message.data);
            } catch {
              json = undefined;
            }
            if (!closed) options.onMessage({ ...message, json });
          },
          onRetry: (ms) => {
            retryMs = Math.min(Math.max(ms, 250), 60_000);
          },
        });
        const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
        if (reader === undefined) return;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(value);
        }
      } catch (error) {
        if (closed) return;
        const status = (error as { status?: unknown }).status;
        if (typeof status === 'number' && NO_RETRY_STATUSES.has(status)) {
          options.onError?.(error, false);
          return;
        }
        if (status === 401) {
          options.onError?.(error, false);
          await tokenOtherThan(sentToken, controller.signal);
          continue;
        }
        options.onError?.(error, true);
      }
      if (closed) return;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void run();
  return {
    close() {
      closed = true;
      controller.abort();
    },
  };
}
