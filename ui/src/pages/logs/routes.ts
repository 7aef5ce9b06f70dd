import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route';

/** The pages of this area and their hash paths. */
export const logsRoutes: readonly AppRoute[] = [
  {
    pattern: '/runs/details/:id/logs/:task',
    page: lazy(() => import('./LogPage').then((m) => ({ default: m.LogPage }))),
    section: 'runs',
  },
];
