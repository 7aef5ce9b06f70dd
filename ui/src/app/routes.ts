import { compareRoutes } from '../pages/compare/routes';
import { experimentsRoutes } from '../pages/experiments/routes';
import { logsRoutes } from '../pages/logs/routes';
import { pipelineDetailsRoutes } from '../pages/pipeline-details/routes';
import { pipelinesRoutes } from '../pages/pipelines/routes';
import { recurringRunsRoutes } from '../pages/recurring-runs/routes';
import { runDetailsRoutes } from '../pages/run-details/routes';
import { runsRoutes } from '../pages/runs/routes';
import { settingsRoutes } from '../pages/settings/routes';
import { matchRoute } from '../router/match-route';
import type { AppRoute } from './app-route';

/** Every page, by the hash paths of KFP's UI (`#/runs/details/ID`, `#/pipelines/details/ID/version/VID`…). */
export const ROUTES: readonly AppRoute[] = [
  ...pipelinesRoutes,
  ...pipelineDetailsRoutes,
  ...experimentsRoutes,
  ...runsRoutes,
  ...runDetailsRoutes,
  ...logsRoutes,
  ...compareRoutes,
  ...recurringRunsRoutes,
  ...settingsRoutes,
];

/** The route matching `segments` and its parameters, if any. */
export function findRoute(
  segments: readonly string[],
): { readonly route: AppRoute; readonly params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    const params = matchRoute(route.pattern, segments);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}
