export { buildServer, type RouteModule } from './build-server.js';
export {
  type CloudEnvironment,
  type CloudMode,
  type CloudProbe,
  type CloudProbeState,
  cloudHealth,
  createCloudProbe,
  type MetadataAnswer,
} from './cloud/index.js';
export { type ErrorBody, errorBody, errorResponse, GRPC } from './http-errors.js';
export { type HealthSource, healthRoutes } from './routes/healthz.js';
export { type SystemValueMissing, systemRoutes } from './routes/system.js';
export type { ServerDeps } from './server-deps.js';
export { type RunningServer, type StartServerOptions, serverRoutes, startServer } from './start-server.js';
