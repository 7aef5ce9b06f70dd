// Runs inside a network namespace of its own (see test/support/isolated-chromium.ts): listens on
// 127.0.0.1:1080 of that namespace, carries each connection to the SOCKS5 server on the Unix
// socket given first (outside, in the test process), then starts Chromium with that proxy, its
// DevTools pipe (fds 3 and 4) passed on, and exits with it.
//   node netns-chromium.mjs SOCKET CHROMIUM [ARGS...]
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';

const [socketPath, chromium, ...args] = process.argv.slice(2);
if (socketPath === undefined || chromium === undefined) {
  process.stderr.write('usage: netns-chromium.mjs SOCKET CHROMIUM [ARGS...]\n');
  process.exit(2);
}

const PROXY_PORT = 1080;
const relay = createServer((local) => {
  const remote = connect(socketPath);
  const drop = () => {
    local.destroy();
    remote.destroy();
  };
  local.on('error', drop);
  remote.on('error', drop);
  local.pipe(remote).pipe(local);
});
relay.on('error', (error) => {
  process.stderr.write(`netns-chromium: cannot listen on 127.0.0.1:${PROXY_PORT}: ${error.message}\n`);
  process.exit(1);
});
relay.listen(PROXY_PORT, '127.0.0.1', () => {
  const child = spawn(
    chromium,
    [
      ...args,
      `--proxy-server=socks5://127.0.0.1:${PROXY_PORT}`,
      // Chromium sends loopback addresses around a proxy unless told not to.
      '--proxy-bypass-list=<-loopback>',
    ],
    { stdio: ['inherit', 'inherit', 'inherit', 3, 4] },
  );
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`netns-chromium: cannot start ${chromium}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
});
