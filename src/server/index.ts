export { buildServer, type RouteModule } from './build-server.js';
export { type ErrorBody, errorBody, errorResponse, GRPC } from './http-errors.js';
export { type HealthSource, healthRoutes } from './routes/healthz.js';
export type { ServerDeps } from './server-deps.js';
export { type RunningServer, startServer } from './start-server.js';
