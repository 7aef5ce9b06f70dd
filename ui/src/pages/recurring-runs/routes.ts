import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route';

/** The pages of this area and their hash paths (KFP's: `#/recurringruns`, `#/recurringrun/details/ID`). */
export const recurringRunsRoutes: readonly AppRoute[] = [
  { pattern: '/recurringruns', page: lazy(() => import('./RecurringRunsPage')), section: 'recurringruns' },
  {
    pattern: '/recurringrun/details/:id',
    page: lazy(() => import('./RecurringRunDetailsPage')),
    section: 'recurringruns',
  },
];
