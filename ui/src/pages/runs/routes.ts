import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route';

/** The pages of this area and their hash paths (KFP's: `#/runs`, `#/archive/runs`, `#/runs/new`). */
export const runsRoutes: readonly AppRoute[] = [
  { pattern: '/runs', page: lazy(() => import('./RunsListPage')), section: 'runs' },
  {
    pattern: '/archive/runs',
    page: lazy(() => import('./RunsListPage').then((m) => ({ default: m.ArchivedRunsPage }))),
    section: 'runs',
  },
  { pattern: '/runs/new', page: lazy(() => import('./CreateRunPage')), section: 'runs' },
];
