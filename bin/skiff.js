#!/usr/bin/env node
// The AWS SDK warns on every start that its 2027 releases need Node 22; Skiff pins a release that
// supports Node 20, so the warning only adds noise to every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../dist/skiff.mjs');

const controller = new AbortController();
let signals = 0;
for (const name of ['SIGINT', 'SIGTERM']) {
  process.on(name, () => {
    signals++;
    if (signals > 1) process.exit(130);
    controller.abort(new Error(`received ${name}`));
  });
}
const code = await main({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
process.exitCode = code;
// Canceled: end now, even if a file system call that never returns (a hung mount) holds the event loop.
if (controller.signal.aborted) process.exit(code);
