import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route';

const page = lazy(() => import('./PipelineDetailsPage').then((m) => ({ default: m.PipelineDetailsPage })));

/** The pages of this area and their hash paths (KFP's links for a pipeline and one of its versions). */
export const pipelineDetailsRoutes: readonly AppRoute[] = [
  { pattern: '/pipelines/details/:id', page, section: 'pipelines' },
  { pattern: '/pipelines/details/:id/version/:version', page, section: 'pipelines' },
];
