import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startTestServer } from './support/server.js';

describe('closing skiff server', () => {
  it('does not wait past its grace for a client that stopped sending in the middle of a request', async () => {
    const server = await startTestServer({}, { shutdownGraceMs: 1_000 });
    const { port } = new URL(server.url);
    // A JSON body announced as 1 MB of which only the start arrives: the request stays in flight.
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      'POST /apis/v2beta1/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000000\r\n\r\n{"display_name": "slow',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    await server.close();
    const tookMs = performance.now() - started;
    // Before: the server waited for the body (Node's request timeout: 300 s).
    expect(tookMs).toBeLessThan(5_000);
    await closed;
  }, 30_000);
});
