import type { AppRoute } from '../../app/app-route';
import { retryingLazy } from '../../app/retrying-lazy';

/** The pages of this area and their hash paths (KFP's: `#/recurringruns`, `#/recurringrun/details/ID`). */
export const recurringRunsRoutes: readonly AppRoute[] = [
  {
    pattern: '/recurringruns',
    page: retryingLazy(() => import('./RecurringRunsPage')),
    section: 'recurringruns',
  },
  {
    pattern: '/recurringrun/details/:id',
    page: retryingLazy(() => import('./RecurringRunDetailsPage')),
    section: 'recurringruns',
  },
];
