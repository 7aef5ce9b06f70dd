import type { AppRoute } from '../../app/app-route';
import { retryingLazy } from '../../app/retrying-lazy';

/** The pages of this area and their hash paths. */
export const settingsRoutes: readonly AppRoute[] = [
  {
    pattern: '/settings',
    page: retryingLazy(() => import('./SettingsPage').then((m) => ({ default: m.SettingsPage }))),
    section: 'settings',
  },
];
