import type { AppRoute } from '../../app/app-route';
import { retryingLazy } from '../../app/retrying-lazy';

/** The pages of this area and their hash paths: compare runs, and an artifact's own page. */
export const compareRoutes: readonly AppRoute[] = [
  {
    pattern: '/compare',
    page: retryingLazy(() => import('./ComparePage').then((m) => ({ default: m.ComparePage }))),
    section: 'runs',
  },
  {
    pattern: '/artifacts/details/:artifactId',
    page: retryingLazy(() =>
      import('./ArtifactDetailsPage').then((m) => ({ default: m.ArtifactDetailsPage })),
    ),
    section: 'runs',
  },
];
