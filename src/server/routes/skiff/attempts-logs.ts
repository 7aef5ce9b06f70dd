import type { FastifyInstance, FastifyReply } from 'fastify';
import { isSkiffError, SkiffError } from '../../../errors/index.js';
import { unexpectedDiskFull } from '../../../local-fs/index.js';
import { type AttemptRecord, FINAL_TASK_STATES, type TaskRecord } from '../../../metadata/index.js';
import { openUri, sizeOfUri } from '../../../storage/index.js';
import { sendByteRange } from '../../byte-range.js';
import { rfc3339 } from '../../kfp/run-json.js';
import { searchLog } from '../../log-search/search-log.js';
import { apiLogUri, headerSafeUri } from '../../log-uri.js';
import type { ServerDeps } from '../../server-deps.js';
import { parseLogQuery, parseLogSearchQuery } from './log-query.js';

const BASE = '/apis/skiff/v1/runs/:run_id/tasks/:task_id';
const FOLLOW_POLL_MS = 250;

type Params = { run_id: string; task_id: string };

function attemptJson(attempt: AttemptRecord): Record<string, unknown> {
  return {
    number: attempt.number,
    state: attempt.state,
    start_time: rfc3339(attempt.startedAtMs),
    end_time: rfc3339(attempt.finishedAtMs),
    exit_code: attempt.exitCode,
    failure_kind: attempt.failureKind,
    message: attempt.message,
    log_uri: attempt.logUri === null ? null : apiLogUri(attempt.logUri),
    next_retry_time: rfc3339(attempt.nextRetryAtMs) ?? null,
    retry_round: attempt.retryRound,
    note: attempt.note ?? null,
  };
}

/**
 * Skiff API, attempts and logs of a task (by task id or path): `GET .../attempts`, and
 * `GET .../logs?attempt=N` (text; HTTP Range for pages of a live or stored log, or `tail_bytes=B`
 * for its end) or `&follow=true` (server-sent events: one `log` event per chunk while the attempt
 * runs, then `end`), and `GET .../logs/search?q=TEXT` (every line that holds TEXT, searched on the
 * server so a log larger than what a client has read is searched whole).
 */
export function attemptLogRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { metadata } = deps.services;

  async function findTask(params: Params): Promise<TaskRecord> {
    const run = await metadata.runs.get(params.run_id);
    if (!run) throw new SkiffError('SKIFF_API_NOT_FOUND', `no run has id "${params.run_id}"`);
    const tasks = await metadata.tasks.listByRun(run.id);
    const task = tasks.find((t) => t.id === params.task_id || t.path === params.task_id);
    if (!task) {
      throw new SkiffError(
        'SKIFF_API_NOT_FOUND',
        `run ${run.id} has no task with id or path "${params.task_id}"`,
      );
    }
    return task;
  }

  async function pickAttempt(task: TaskRecord, number: number | undefined): Promise<AttemptRecord> {
    const attempts = await metadata.attempts.listByTask(task.id);
    const attempt = number === undefined ? attempts.at(-1) : attempts.find((a) => a.number === number);
    if (!attempt?.logUri) {
      const which = number === undefined ? 'no attempt yet' : `no attempt ${number}`;
      const numbers = attempts.filter((a) => a.logUri).map((a) => a.number);
      const has = numbers.length === 0 ? '' : `; it has attempts ${numbers.join(', ')}`;
      throw new SkiffError('SKIFF_API_NOT_FOUND', `task "${task.path}" has ${which} with a log${has}`, {
        location: 'attempt',
      });
    }
    return attempt;
  }

  /**
   * Size of an attempt's log: 0 while a running attempt has not written it yet; SKIFF_API_NOT_FOUND
   * when the log of an attempt that ended is gone from its place (not an empty log).
   */
  async function logSize(task: TaskRecord, attempt: AttemptRecord): Promise<number> {
    const uri = attempt.logUri!;
    const size = await sizeOfUri(uri, deps.services.stores.storeFor);
    if (size !== undefined) return size;
    if (attempt.state === 'RUNNING') return 0;
    throw new SkiffError(
      'SKIFF_API_NOT_FOUND',
      `the log of attempt ${attempt.number} of task "${task.path}" is missing: no file is at ${apiLogUri(uri)}`,
      {
        location: 'attempt',
        fix: 'The file was removed from storage after the attempt ended, and Skiff keeps no other copy: restore it at that location to read it here.',
      },
    );
  }

  app.get<{ Params: Params }>(`${BASE}/attempts`, async (request) => {
    const task = await findTask(request.params);
    const attempts = await metadata.attempts.listByTask(task.id);
    return {
      task_id: task.id,
      task_path: task.path,
      max_attempts: task.maxAttempts,
      attempts: attempts.map(attemptJson),
    };
  });

  app.get<{ Params: Params }>(`${BASE}/logs`, async (request, reply) => {
    const query = parseLogQuery(request.query);
    if (query.tailBytes !== undefined && request.headers.range !== undefined) {
      throw new SkiffError('SKIFF_API_BAD_REQUEST', 'a Range header and tail_bytes cannot be used together', {
        location: 'tail_bytes',
        fix: 'Ask for the last bytes with either tail_bytes=N or Range: bytes=-N, not both.',
      });
    }
    const task = await findTask(request.params);
    const attempt = await pickAttempt(task, query.attempt);
    const storeFor = deps.services.stores.storeFor;
    if (query.follow) return follow(reply, task, attempt.number);
    const uri = attempt.logUri!;
    const size = await logSize(task, attempt);
    const open = (start: number, end: number) => openUri(uri, storeFor, start, end);
    void reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('x-skiff-log-uri', headerSafeUri(apiLogUri(uri)));
    const tail = query.tailBytes;
    if (tail === undefined) return sendByteRange(reply, request.headers.range, size, open);
    // The last `tail` bytes as a whole answer (200), as before Range support.
    const start = Math.max(0, size - tail);
    void reply.header('accept-ranges', 'bytes').header('content-length', String(size - start));
    return reply.send(start === size ? '' : await open(start, size));
  });

  app.get<{ Params: Params }>(`${BASE}/logs/search`, async (request) => {
    const query = parseLogSearchQuery(request.query);
    const task = await findTask(request.params);
    const attempt = await pickAttempt(task, query.attempt);
    const storeFor = deps.services.stores.storeFor;
    const uri = attempt.logUri!;
    const size = await logSize(task, attempt);
    const found =
      size === 0
        ? { matches: [], capped: false, searchedBytes: 0 }
        : await searchLog(await openUri(uri, storeFor, 0, size), query.q, query.limit);
    return {
      attempt: attempt.number,
      size,
      searched_bytes: found.searchedBytes,
      capped: found.capped,
      matches: found.matches,
    };
  });

  /** Stream an attempt's log as server-sent events until the attempt ends (or the client leaves). */
  async function follow(reply: FastifyReply, task: TaskRecord, number: number): Promise<FastifyReply> {
    const storeFor = deps.services.stores.storeFor;
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    let closed = false;
    out.on('close', () => {
      closed = true;
    });
    const send = (event: string, data: unknown) =>
      out.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    let offset = 0;
    let uri: string | null = null;
    try {
      while (!closed) {
        const attempt = (await metadata.attempts.listByTask(task.id)).find((a) => a.number === number);
        const fresh = await metadata.tasks.get(task.id);
        if (fresh === undefined) {
          throw new SkiffError(
            'SKIFF_API_NOT_FOUND',
            `run ${task.runId} was deleted while the log of its task "${task.path}" was followed`,
            { fix: 'Nothing more of this log can be read: the run and its logs are gone.' },
          );
        }
        if (attempt?.logUri && attempt.logUri !== uri) uri = attempt.logUri;
        if (uri !== null) {
          const size = (await sizeOfUri(uri, storeFor)) ?? 0;
          if (size > offset) {
            for await (const chunk of await openUri(uri, storeFor, offset, size)) send('log', String(chunk));
            offset = size;
          }
        }
        if (attempt === undefined || attempt.state !== 'RUNNING' || FINAL_TASK_STATES.has(fresh.state)) {
          send('end', { state: attempt?.state ?? fresh.state });
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
      }
    } catch (error) {
      // The answer has begun (200): the failure is the stream's last event, coded as any API error.
      const coded = isSkiffError(error) ? error : unexpectedDiskFull(error);
      if (coded === undefined) {
        deps.log.error({ err: error, taskId: task.id }, 'could not follow a log');
        send('error', { code: 'SKIFF_INTERNAL', message: 'internal error; see the server log' });
      } else {
        send('error', { code: coded.code, message: coded.message, fix: coded.fix });
      }
    }
    out.end();
    return reply;
  }
}
