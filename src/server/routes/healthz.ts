import type { FastifyInstance } from 'fastify';
import { SKIFF_VERSION } from '../../version.js';
import type { ServerDeps } from '../server-deps.js';

/** Probes each health source: name → state and detail. Route modules may add their own (cloud probe). */
export type HealthSource = () => Promise<{
  readonly state: 'ok' | 'degraded' | 'off';
  readonly detail: string;
}>;

/**
 * `GET /apis/v2beta1/healthz` (KFP's shape: commit_sha, tag_name, multi_user) and `GET /healthz`:
 * each dependency's state; `degraded` when one is down, while the server keeps answering. While the
 * server is starting (waiting for the metadata store lease) `/healthz` answers 503
 * `{status: "starting", reason}`.
 */
export function healthRoutes(sources: Readonly<Record<string, HealthSource>>) {
  return (app: FastifyInstance, deps: ServerDeps): void => {
    app.get('/apis/v2beta1/healthz', async () => ({
      commit_sha: 'unknown',
      tag_name: `skiff-${SKIFF_VERSION}`,
      multi_user: false,
      pipeline_store: 'skiff',
    }));
    app.get('/healthz', async (_request, reply) => {
      const starting = deps.readiness.reason;
      if (starting !== undefined) {
        return reply.status(503).send({ status: 'starting', reason: starting, uptime_seconds: uptime(deps) });
      }
      const all: Record<string, HealthSource> = {
        metadata: async () => {
          await deps.services.metadata.runs.list({ limit: 1 });
          return { state: 'ok', detail: 'metadata store answers' };
        },
        ...sources,
      };
      const checks: Record<string, { state: string; detail: string }> = {};
      await Promise.all(
        Object.entries(all).map(async ([name, source]) => {
          try {
            checks[name] = await source();
          } catch (error) {
            checks[name] = {
              state: 'degraded',
              detail: error instanceof Error ? error.message : String(error),
            };
          }
        }),
      );
      const degraded = Object.values(checks).some((check) => check.state === 'degraded');
      return {
        status: degraded ? 'degraded' : 'ok',
        uptime_seconds: uptime(deps),
        checks,
      };
    });
  };
}

function uptime(deps: ServerDeps): number {
  return Math.round((Date.now() - deps.startedAtMs) / 1000);
}
