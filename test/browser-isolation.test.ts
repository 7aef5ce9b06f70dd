import { spawnSync } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { netns } from './support/netns.js';

const wrap = netns();
const skip = noBrowserReason() ?? (wrap.ok ? undefined : wrap.reason);

const PAGE = `<!doctype html><title>ticks</title><script>
window.ticks = 0; window.failures = [];
(async () => {
  try {
    const response = await fetch('/ticks');
    const reader = response.body.getReader();
    for (;;) { const { done } = await reader.read(); if (done) break; window.ticks++; }
    window.failures.push('ended');
  } catch (error) { window.failures.push(String(error)); }
})();
window.pings = 0;
setInterval(() => fetch('/ping?' + Math.random()).then((r) => r.text()).then(() => window.pings++, (error) => window.failures.push('ping: ' + error)), 10);

</script>`;

/** The browser tests' Chromium: in a network namespace of its own, reaching 127.0.0.1 through a proxy. */
describe.skipIf(skip !== undefined)('the browser of the tests', () => {
  let server: Server;
  let origin: string;
  let browser: TestBrowser;
  let streams = 0;
  const open = new Set<ServerResponse>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/ticks') {
        streams++;
        open.add(response);
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        const timer = setInterval(() => response.write('data: tick\n\n'), 100);
        response.on('close', () => {
          clearInterval(timer);
          open.delete(response);
        });
        return;
      }
      if (request.url?.startsWith('/ping')) return void response.end('pong');
      response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    for (const response of open) response.destroy();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('loses no request, long or short, while this machine adds and removes network interfaces as pods do', async () => {
    const { page } = browser;
    await page.goto(origin);
    await expect.poll(() => page.evaluate('window.ticks'), { timeout: 20_000 }).toBeGreaterThan(3);
    const link = `skiffnc${process.pid % 100000}`;
    const ip = (...args: string[]) => spawnSync('ip', args, { encoding: 'utf8' });
    // A veth pair with an address, as a pod's network adds: both ends up, so the link has a carrier.
    for (let round = 0; round < 5; round++) {
      const added = ip('link', 'add', link, 'type', 'veth', 'peer', 'name', `${link}p`);
      expect(added.status, added.stderr).toBe(0);
      try {
        expect(ip('addr', 'add', '10.254.77.1/24', 'dev', link).status).toBe(0);
        expect(ip('link', 'set', `${link}p`, 'up').status).toBe(0);
        expect(ip('link', 'set', link, 'up').status).toBe(0);
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        ip('link', 'del', link);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const before = Number(await page.evaluate('window.ticks'));
    await expect.poll(() => page.evaluate('window.ticks'), { timeout: 20_000 }).toBeGreaterThan(before + 5);
    expect(Number(await page.evaluate('window.pings'))).toBeGreaterThan(20);
    expect(await page.evaluate('window.failures')).toEqual([]);
    expect(streams).toBe(1);
  });

  it('reaches no address but 127.0.0.1, not even this machine’s own other addresses', async () => {
    const port = (server.address() as AddressInfo).port;
    const other = Object.values(networkInterfaces())
      .flat()
      .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal);
    const targets = [`http://localhost.localdomain:${port}/`];
    if (other !== undefined) targets.push(`http://${other.address}:${port}/`);
    for (const target of targets) {
      const probe = await browser.context.newPage();
      const failure = await probe.goto(target, { timeout: 20_000 }).then(
        () => 'loaded',
        (error: Error) => error.message,
      );
      await probe.close();
      expect(failure, target).toMatch(/net::ERR_/);
    }
    const probe = await browser.context.newPage();
    expect((await probe.goto(origin))?.status()).toBe(200);
    await probe.close();
  });
});
