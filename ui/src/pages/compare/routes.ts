import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route';

/** The pages of this area and their hash paths: compare runs, and an artifact's own page. */
export const compareRoutes: readonly AppRoute[] = [
  {
    pattern: '/compare',
    page: lazy(() => import('./ComparePage').then((m) => ({ default: m.ComparePage }))),
    section: 'runs',
  },
  {
    pattern: '/artifacts/details/:artifactId',
    page: lazy(() => import('./ArtifactDetailsPage').then((m) => ({ default: m.ArtifactDetailsPage }))),
    section: 'runs',
  },
];
