import type { AppRoute } from '../../app/app-route';
import { retryingLazy } from '../../app/retrying-lazy';

const page = retryingLazy(() =>
  import('./PipelineDetailsPage').then((m) => ({ default: m.PipelineDetailsPage })),
);

/** The pages of this area and their hash paths (KFP's links for a pipeline and one of its versions). */
export const pipelineDetailsRoutes: readonly AppRoute[] = [
  { pattern: '/pipelines/details/:id', page, section: 'pipelines' },
  { pattern: '/pipelines/details/:id/version/:version', page, section: 'pipelines' },
];
