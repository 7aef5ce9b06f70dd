import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the fake GCE metadata server behaves: `answer` like Google's on GKE; `gce-vm` like Google's on a
 * VM outside GKE (no cluster-name attribute); `http500`; `html` (a web page
 * without the Metadata-Flavor header, like a captive portal); `markup` (the header, but HTML as body);
 * `huge` (the header and 8 MiB of body); `hang` (accepts, reads, never answers).
 */
export type FakeMetadataBehaviour = 'answer' | 'gce-vm' | 'http500' | 'html' | 'markup' | 'huge' | 'hang';

/** Values the fake answers with `answer`. */
export const FAKE_PROJECT_ID = 'skiff-test-project';
export const FAKE_CLUSTER_NAME = 'skiff-test-cluster';

/** One request the fake received. */
export interface RecordedRequest {
  readonly path: string;
  readonly flavor: string | undefined;
}

/** A fake metadata server on 127.0.0.1 that records every connection and request. */
export interface FakeMetadataServer {
  /** `127.0.0.1:PORT`, for cloud.metadataHost or GCE_METADATA_HOST. */
  readonly host: string;
  readonly requests: RecordedRequest[];
  /** TCP connections accepted (a request that never completes still counts here). */
  connections(): number;
  close(): Promise<void>;
}

const VALUES: Readonly<Record<string, string>> = {
  '/computeMetadata/v1/project/project-id': FAKE_PROJECT_ID,
  '/computeMetadata/v1/instance/attributes/cluster-name': FAKE_CLUSTER_NAME,
};

/** Start a fake metadata server with one behaviour for every request. */
export async function startFakeMetadataServer(behaviour: FakeMetadataBehaviour): Promise<FakeMetadataServer> {
  const requests: RecordedRequest[] = [];
  let connections = 0;
  const server = createServer((request, response) => {
    const flavor = request.headers['metadata-flavor'];
    requests.push({ path: request.url ?? '', flavor: Array.isArray(flavor) ? flavor[0] : flavor });
    respond(behaviour, request, response);
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A `127.0.0.1:PORT` where nothing listens (connections are refused). */
export async function closedPortHost(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `127.0.0.1:${port}`;
}

function respond(behaviour: FakeMetadataBehaviour, request: IncomingMessage, response: ServerResponse): void {
  response.on('error', () => undefined); // the probe hangs up on huge answers on purpose
  const google = { 'Metadata-Flavor': 'Google', 'Content-Type': 'application/text' };
  switch (behaviour) {
    case 'answer':
    case 'gce-vm': {
      const value =
        behaviour === 'gce-vm' && request.url?.includes('cluster-name')
          ? undefined
          : VALUES[request.url ?? ''];
      if (value === undefined) response.writeHead(404, google).end('Not Found');
      else response.writeHead(200, google).end(value);
      return;
    }
    case 'http500':
      response.writeHead(500, google).end('internal error');
      return;
    case 'html':
      response
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('<html><body>Sign in to Wi-Fi</body></html>');
      return;
    case 'markup':
      response.writeHead(200, google).end('<html><body>project</body></html>');
      return;
    case 'huge': {
      response.writeHead(200, google);
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 128 && !response.destroyed; i += 1) response.write(chunk);
      response.end();
      return;
    }
    case 'hang':
      request.resume(); // read the request, never answer
      return;
  }
}
