import type { FastifyInstance } from 'fastify';

/**
 * Stop the HTTP server: no new connections; requests in flight get `graceMs` to finish, then every
 * connection still open is cut. A client that stopped sending halfway through a request (or stopped
 * reading a download) would otherwise hold the shutdown until Node's request timeout (300 s).
 */
export async function closeApp(app: FastifyInstance, graceMs: number): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}
