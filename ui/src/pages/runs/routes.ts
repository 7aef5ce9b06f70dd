import type { AppRoute } from '../../app/app-route';
import { retryingLazy } from '../../app/retrying-lazy';

/** The pages of this area and their hash paths (KFP's: `#/runs`, `#/archive/runs`, `#/runs/new`). */
export const runsRoutes: readonly AppRoute[] = [
  { pattern: '/runs', page: retryingLazy(() => import('./RunsListPage')), section: 'runs' },
  {
    pattern: '/archive/runs',
    page: retryingLazy(() => import('./RunsListPage').then((m) => ({ default: m.ArchivedRunsPage }))),
    section: 'runs',
  },
  { pattern: '/runs/new', page: retryingLazy(() => import('./CreateRunPage')), section: 'runs' },
];
