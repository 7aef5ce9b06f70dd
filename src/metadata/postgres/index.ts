export {
  openPostgresMetadataStore,
  POSTGRES_CONNECT_TIMEOUT_MS,
  POSTGRES_POOL_SIZE,
} from './open-postgres.js';
export { maskPostgresUrl, type PostgresTarget, parsePostgresUrl } from './postgres-url.js';
