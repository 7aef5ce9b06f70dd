import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CloudProbe, CloudProbeState } from '../cloud/index.js';

/** The system values KFP's UI server offers, by URL segment, and the probe's field holding each. */
const SYSTEM_VALUES = { 'project-id': 'projectId', 'cluster-name': 'clusterName' } as const;

/** The JSON body of a system value that is not known. */
export interface SystemValueMissing {
  /** Why: `off`, `not on Google Cloud`, `probe in progress`, `ENOTFOUND metadata.google.internal`, `HTTP 500`, ... */
  readonly reason: string;
  /** `cloud.metadata` of the server: auto, gke or off. */
  readonly cloud_metadata: CloudProbeState['mode'];
}

/**
 * `GET /system/project-id` and `/system/cluster-name`, also under `/pipeline/` as KFP's UI serves
 * them: 200 text/plain with the value the cloud probe found, else 404 `{ reason, cloud_metadata }`.
 * They read the probe's cached state only: never a 500, never a wait on the network.
 */
export function systemRoutes(probe: CloudProbe) {
  return (app: FastifyInstance): void => {
    for (const prefix of ['', '/pipeline']) {
      for (const [segment, field] of Object.entries(SYSTEM_VALUES)) {
        app.get(`${prefix}/system/${segment}`, async (_request, reply) =>
          answer(reply, probe.state(), field),
        );
      }
    }
  };
}

function answer(
  reply: FastifyReply,
  state: CloudProbeState,
  field: (typeof SYSTEM_VALUES)[keyof typeof SYSTEM_VALUES],
): FastifyReply {
  const value = state[field];
  if (value.found) return reply.type('text/plain; charset=utf-8').send(value.value);
  const body: SystemValueMissing = { reason: value.reason, cloud_metadata: state.mode };
  return reply.code(404).send(body);
}
