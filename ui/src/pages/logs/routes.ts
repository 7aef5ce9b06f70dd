import type { AppRoute } from '../../app/app-route';

/** The pages of this area and their hash paths. */
export const logsRoutes: readonly AppRoute[] = [];
