import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route';

/** The pages of this area and their hash paths (KFP's: `#/experiments`, `#/experiments/details/ID`, `#/archive/experiments`). */
export const experimentsRoutes: readonly AppRoute[] = [
  { pattern: '/experiments', page: lazy(() => import('./ExperimentsPage')), section: 'experiments' },
  {
    pattern: '/archive/experiments',
    page: lazy(() => import('./ExperimentsPage').then((m) => ({ default: m.ArchivedExperimentsPage }))),
    section: 'experiments',
  },
  {
    pattern: '/experiments/details/:id',
    page: lazy(() => import('./ExperimentDetailsPage')),
    section: 'experiments',
  },
];
