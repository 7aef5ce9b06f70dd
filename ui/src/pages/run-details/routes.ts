import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route';

/** The pages of this area and their hash paths (KFP's link for a run). */
export const runDetailsRoutes: readonly AppRoute[] = [
  {
    pattern: '/runs/details/:id',
    page: lazy(() => import('./RunDetailsPage').then((m) => ({ default: m.RunDetailsPage }))),
    section: 'runs',
  },
];
