import { get, type IncomingMessage } from 'node:http';

/** What the probe knows about one metadata value: the value, or why there is none (e.g. `HTTP 500`). */
export type MetadataAnswer =
  | { readonly found: true; readonly value: string }
  | { readonly found: false; readonly reason: string };

/** Longest answer accepted, in bytes: project ids and cluster names are under 64 characters. */
export const MAX_ANSWER_BYTES = 256;

/** A project id (also `domain.com:project`) or a cluster name: no spaces, no markup. */
const VALUE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** An answer with no value and why. */
export function noValue(reason: string): MetadataAnswer {
  return { found: false, reason };
}

/**
 * GET `http://<host><path>` with `Metadata-Flavor: Google` and no connection reuse; accepts only a
 * 200 that carries `Metadata-Flavor: Google` and a short plain value. Never rejects: every failure
 * (DNS, refused, reset, abort through `signal`, bad answer) resolves to a reason.
 */
export function askMetadataServer(host: string, path: string, signal: AbortSignal): Promise<MetadataAnswer> {
  return new Promise<MetadataAnswer>((resolve) => {
    let url: URL;
    try {
      url = new URL(path, `http://${host}`);
    } catch {
      resolve(noValue(`cloud.metadataHost "${host}" is not a host[:port]`));
      return;
    }
    const request = get(url, { headers: { 'Metadata-Flavor': 'Google' }, agent: false, signal }, (response) =>
      readAnswer(response, host, signal, resolve),
    );
    request.on('error', (error) => resolve(noValue(networkReason(error, host, signal))));
  });
}

function readAnswer(
  response: IncomingMessage,
  host: string,
  signal: AbortSignal,
  resolve: (answer: MetadataAnswer) => void,
): void {
  const refuse = (reason: string) => {
    response.destroy();
    resolve(noValue(reason));
  };
  const tooLong = `not a metadata server answer (longer than ${MAX_ANSWER_BYTES} bytes)`;
  const refused = headerRefusal(response, tooLong);
  if (refused !== undefined) {
    refuse(refused);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) refuse(tooLong);
    else chunks.push(chunk);
  });
  response.on('end', () => {
    const value = Buffer.concat(chunks).toString('utf8').trim();
    resolve(
      VALUE_PATTERN.test(value)
        ? { found: true, value }
        : noValue('not a metadata server answer (not a plain value)'),
    );
  });
  response.on('error', (error) => resolve(noValue(networkReason(error, host, signal))));
  // A connection that closes mid-body without an error still settles the answer.
  response.on('close', () =>
    resolve(noValue(signal.aborted ? 'aborted' : `connection to ${host} closed before the answer ended`)),
  );
}

/** Why the status line or headers alone rule the answer out; undefined when the body must be read. */
function headerRefusal(response: IncomingMessage, tooLong: string): string | undefined {
  if (response.statusCode !== 200) return `HTTP ${response.statusCode}`;
  if (response.headers['metadata-flavor'] !== 'Google') {
    return 'not a metadata server answer (no Metadata-Flavor: Google header)';
  }
  if (Number(response.headers['content-length'] ?? 0) > MAX_ANSWER_BYTES) return tooLong;
  return undefined;
}

/** `ENOTFOUND metadata.google.internal`, `ECONNREFUSED 127.0.0.1:8080`, ... (never a secret: host and code only). */
function networkReason(error: Error, host: string, signal: AbortSignal): string {
  if (signal.aborted) return 'aborted';
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${code} ${host}` : `${error.message.slice(0, 200)} (${host})`;
}
