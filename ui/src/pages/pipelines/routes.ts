import type { AppRoute } from '../../app/app-route';
import { retryingLazy } from '../../app/retrying-lazy';

/** The pages of this area and their hash paths. */
export const pipelinesRoutes: readonly AppRoute[] = [
  { pattern: '/pipelines', page: retryingLazy(() => import('./PipelinesPage')), section: 'pipelines' },
];
