import type { AppRoute } from '../../app/app-route';
import { retryingLazy } from '../../app/retrying-lazy';

/** The pages of this area and their hash paths (KFP's link for a run). */
export const runDetailsRoutes: readonly AppRoute[] = [
  {
    pattern: '/runs/details/:id',
    page: retryingLazy(() => import('./RunDetailsPage').then((m) => ({ default: m.RunDetailsPage }))),
    section: 'runs',
  },
];
