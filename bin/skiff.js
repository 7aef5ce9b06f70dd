#!/usr/bin/env node
import { main } from '../dist/skiff.mjs';

const controller = new AbortController();
let signals = 0;
for (const name of ['SIGINT', 'SIGTERM']) {
  process.on(name, () => {
    signals++;
    if (signals > 1) process.exit(130);
    controller.abort(new Error(`received ${name}`));
  });
}
process.exitCode = await main({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
