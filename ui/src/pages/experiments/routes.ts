import type { AppRoute } from '../../app/app-route';
import { retryingLazy } from '../../app/retrying-lazy';

/** The pages of this area and their hash paths (KFP's: `#/experiments`, `#/experiments/details/ID`, `#/archive/experiments`). */
export const experimentsRoutes: readonly AppRoute[] = [
  { pattern: '/experiments', page: retryingLazy(() => import('./ExperimentsPage')), section: 'experiments' },
  {
    pattern: '/archive/experiments',
    page: retryingLazy(() =>
      import('./ExperimentsPage').then((m) => ({ default: m.ArchivedExperimentsPage })),
    ),
    section: 'experiments',
  },
  {
    pattern: '/experiments/details/:id',
    page: retryingLazy(() => import('./ExperimentDetailsPage')),
    section: 'experiments',
  },
];
