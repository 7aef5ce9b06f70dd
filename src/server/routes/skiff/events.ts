import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SkiffError } from '../../../errors/index.js';
import { FINAL_RUN_STATES, type RunRecord } from '../../../metadata/index.js';
import { type Frame, runSnapshot, SseStream } from '../../events/index.js';
import type { ServerDeps } from '../../server-deps.js';

/**
 * Skiff API, live events as server-sent events (docs/server.md "Events"):
 * `GET /apis/skiff/v1/runs/{run_id}/events`, a run's snapshot then each change until `end`, and
 * `GET /apis/skiff/v1/events/runs`, run-level changes of every run for the runs list. Both resume
 * after `Last-Event-ID`.
 */
export function eventRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { metadata } = deps.services;
  const hub = deps.events;

  const open = (request: FastifyRequest, reply: FastifyReply, what: string): SseStream => {
    reply.hijack();
    return new SseStream(reply.raw, {
      maxPendingBytes: hub.limits.maxPendingBytes,
      heartbeatMs: hub.limits.heartbeatMs,
      log: deps.log,
      meter: hub,
      what: `${what} (${request.ip})`,
    });
  };

  // No HEAD route: a stream answered to HEAD would have no body but never end.
  const stream = { exposeHeadRoute: false };

  app.get<{ Params: { run_id: string } }>(
    '/apis/skiff/v1/runs/:run_id/events',
    stream,
    async (request, reply) => {
      const run = await metadata.runs.get(request.params.run_id);
      if (!run) {
        throw new SkiffError('SKIFF_API_NOT_FOUND', `no run has id "${request.params.run_id}"`, {
          location: 'run_id',
        });
      }
      const since = hub.parseEventId(lastEventId(request));
      const stream = open(request, reply, `events of run ${run.id}`);
      const end = (state: string) => {
        stream.send(hub.frame('end', { run_id: run.id, state }).text);
        stream.end();
      };
      const deliver = (frame: Frame) => {
        stream.send(frame.text);
        if (frame.finalState !== undefined) end(frame.finalState);
      };
      // A run another process executes: its changes come from the store, as it is from now on.
      if (!FINAL_RUN_STATES.has(run.state)) stream.onClose(await deps.watcher.followRun(run.id));
      stream.onClose(hub.subscribeRun(run.id, { deliver, close: () => stream.end() }));
      // Subscribing and replaying happen in one turn: no change falls between them.
      const missed = since === undefined ? undefined : hub.runEventsSince(run.id, since);
      if (missed !== undefined) {
        for (const frame of missed) deliver(frame);
        if (stream.open && FINAL_RUN_STATES.has(run.state)) end(run.state);
        return reply;
      }
      await sendSnapshot(stream, run, end);
      return reply;
    },
  );

  /** A fresh snapshot; changes that arrive meanwhile are held and follow it (applying one twice is harmless). */
  async function sendSnapshot(
    stream: SseStream,
    run: RunRecord,
    end: (state: string) => void,
  ): Promise<void> {
    stream.hold();
    const at = hub.seq;
    try {
      const fresh = (await metadata.runs.get(run.id)) ?? run;
      const parts = await runSnapshot(metadata, fresh, hub.limits);
      for (const [i, part] of parts.entries()) {
        await stream.sendAndDrain(hub.frame('snapshot', part, i === parts.length - 1 ? at : null).text);
      }
      stream.release();
      if (FINAL_RUN_STATES.has(fresh.state)) end(fresh.state);
    } catch (error) {
      deps.log.error({ runId: run.id, err: error }, 'could not send the run snapshot');
      stream.release();
      stream.end();
    }
  }

  app.get('/apis/skiff/v1/events/runs', stream, async (request, reply) => {
    const header = lastEventId(request);
    const since = hub.parseEventId(header);
    const stream = open(request, reply, 'events of the runs list');
    // Runs other processes execute: their changes come from the store, as it is from now on.
    stream.onClose(await deps.watcher.followRuns());
    // Subscribing and replaying happen in one turn: no change falls between them.
    stream.onClose(
      hub.subscribeRuns({ deliver: (frame) => stream.send(frame.text), close: () => stream.end() }),
    );
    if (header === undefined) return reply;
    const missed = since === undefined ? undefined : hub.runsEventsSince(since);
    if (missed === undefined) {
      // Too old (or another server's): the client reloads its list, then follows from here.
      stream.send(
        hub.frame('reset', { reason: 'missed changes are no longer kept; reload the list' }, hub.seq).text,
      );
    } else {
      for (const frame of missed) stream.send(frame.text);
    }
    return reply;
  });
}

/** The `Last-Event-ID` header (one value), or undefined. */
function lastEventId(request: FastifyRequest): string | undefined {
  const value = request.headers['last-event-id'];
  return Array.isArray(value) ? value[0] : value;
}
