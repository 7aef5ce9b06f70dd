import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli, tempHome } from './support/cli.js';

// `skiff server` on an address it cannot use ends at once with a coded input error (exit 2) that
// names the setting and where it was set; it refuses to serve every interface without a token.

let busy: Server;
let busyPort: number;
beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

function expectInputError(result: CliResult, code: string): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toContain(`error ${code}: `);
  expect(result.stderr).not.toContain('SKIFF_INTERNAL');
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('skiff server on an address it cannot listen on', () => {
  it('a port in use: names server.port, its value and its source (a flag)', async () => {
    const result = await runCli(['server', '--port', String(busyPort)], {
      home: tempHome(),
      timeoutMs: 20_000,
    });
    expectInputError(result, 'SKIFF_SERVER_LISTEN');
    expect(result.stderr).toContain(`server.port ${busyPort} (set in flag:--port)`);
    expect(result.stderr).toContain('in use');
  });

  it('a port in use set in the environment: names that variable as the source', async () => {
    const result = await runCli(['server'], {
      home: tempHome(),
      env: { SKIFF_SERVER_PORT: String(busyPort) },
      timeoutMs: 20_000,
    });
    expectInputError(result, 'SKIFF_SERVER_LISTEN');
    expect(result.stderr).toContain(`server.port ${busyPort} (set in env:SKIFF_SERVER_PORT)`);
  });

  it('an address that is not on this machine: names server.host and its source', async () => {
    const result = await runCli(['server', '--host', '192.0.2.1', '--port', '0'], {
      home: tempHome(),
      env: { SKIFF_SERVER_AUTH_TOKEN: 'a-token-of-sixteen-chars' },
      timeoutMs: 20_000,
    });
    expectInputError(result, 'SKIFF_SERVER_LISTEN');
    expect(result.stderr).toContain('server.host "192.0.2.1" (set in flag:--host)');
    expect(result.stderr).toContain('not an address of this machine');
  });

  it('a host name that does not resolve', async () => {
    const result = await runCli(['server', '--host', 'no-such-host.invalid', '--port', '0'], {
      home: tempHome(),
      env: { SKIFF_SERVER_AUTH_TOKEN: 'a-token-of-sixteen-chars' },
      timeoutMs: 20_000,
    });
    expectInputError(result, 'SKIFF_SERVER_LISTEN');
    expect(result.stderr).toContain('server.host "no-such-host.invalid" (set in flag:--host)');
  });
});

describe('skiff server on every interface', () => {
  it('refuses 0.0.0.0 without server.authToken, naming both settings', async () => {
    const result = await runCli(['server', '--host', '0.0.0.0', '--port', '0'], {
      home: tempHome(),
      timeoutMs: 20_000,
    });
    expectInputError(result, 'SKIFF_SERVER_UNAUTHENTICATED');
    expect(result.stderr).toContain('server.host "0.0.0.0" (set in flag:--host)');
    expect(result.stderr).toContain('server.authToken');
    expect(result.stderr).toContain('server.allowUnauthenticated');
  });

  it('listens on 0.0.0.0 without a token when server.allowUnauthenticated says so', async () => {
    const home = tempHome();
    const child = runCli(['server', '--host', '0.0.0.0', '--port', '0'], {
      home,
      env: { SKIFF_SERVER_ALLOW_UNAUTHENTICATED: 'true' },
      timeoutMs: 8000,
    });
    const result = await child;
    // Killed by the timeout after it listened: it printed its URL.
    expect(result.stderr).toContain('skiff server listening on http://0.0.0.0:');
    expect(result.stderr).toContain('no authentication');
  });
});
