import type { AppRoute } from '../../app/app-route';
import { retryingLazy } from '../../app/retrying-lazy';

/** The pages of this area and their hash paths. */
export const logsRoutes: readonly AppRoute[] = [
  {
    pattern: '/runs/details/:id/logs/:task',
    page: retryingLazy(() => import('./LogPage').then((m) => ({ default: m.LogPage }))),
    section: 'runs',
  },
];
