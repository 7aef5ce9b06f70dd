import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route';

/** The pages of this area and their hash paths. */
export const settingsRoutes: readonly AppRoute[] = [
  {
    pattern: '/settings',
    page: lazy(() => import('./SettingsPage').then((m) => ({ default: m.SettingsPage }))),
    section: 'settings',
  },
];
