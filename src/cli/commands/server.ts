import { Command } from 'commander';
import { maskValue } from '../../config/index.js';
import { type CliIo, EXIT } from '../cli-io.js';
import { loadCliConfig, withConfigFlags } from '../load-cli-config.js';

/** `skiff server [--host H] [--port P]`: the REST API and run worker until Ctrl-C or SIGTERM. */
export function serverCommand(io: CliIo, done: (code: number) => void): Command {
  const command = new Command('server')
    .description('serve the KFP v2beta1 REST API and the Skiff API, and run pipelines submitted to it')
    .option('--host <host>', 'address to bind (server.host; default 127.0.0.1)')
    .option('--port <port>', 'TCP port (server.port; default 8888; 0 picks a free one)');
  withConfigFlags(command);
  command.action(async (options: Record<string, unknown>) => {
    const loaded = await loadCliConfig(io, options, {
      ...(typeof options.host === 'string' ? { 'server.host': { value: options.host, flag: '--host' } } : {}),
      ...(typeof options.port === 'string' ? { 'server.port': { value: options.port, flag: '--port' } } : {}),
    });
    // Loaded here, not at start-up: the server's libraries (Fastify, its schema compilers) are a
    // large part of the bundle, and every other command starts faster without them.
    const { startServer } = await import('../../server/index.js');
    const server = await startServer(loaded, io.env);
    for (const warning of server.warnings) io.stderr.write(`warning: ${warning}\n`);
    io.stderr.write(
      `skiff server listening on ${server.url} (metadata ${maskValue(loaded.config.metadata.url, 'url-password')})\n`,
    );
    await Promise.race([
      // A server that stops by itself (its lease taken over) rejects: the CLI reports it and exits 1.
      server.stoppedByItself,
      new Promise<void>((resolve) => {
        if (io.signal.aborted) resolve();
        else io.signal.addEventListener('abort', () => resolve(), { once: true });
      }),
    ]);
    io.stderr.write('skiff server: stopping (finishing requests in flight)\n');
    await server.close();
    done(EXIT.ok);
  });
  return command;
}
