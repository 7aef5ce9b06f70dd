import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route';

/** The pages of this area and their hash paths. */
export const pipelinesRoutes: readonly AppRoute[] = [
  { pattern: '/pipelines', page: lazy(() => import('./PipelinesPage')), section: 'pipelines' },
];
