/** One KFP- or AWS-compatible environment variable Skiff maps into `storage.providers`. */
export interface AliasEnvVar {
  readonly name: string;
  /** What it feeds, e.g. `storage.providers (minio)`. */
  readonly feeds: string;
  readonly meaning: string;
}

const MINIO = 'storage.providers (minio)';
const OBJECTSTORE = 'storage.providers (minio, one bucket)';
const AWS = 'storage.providers (s3)';

/**
 * The aliases, by family: KFP UI server (MINIO_*), KFP API server (OBJECTSTORECONFIG_*), AWS SDK (AWS_*).
 * None has a default: an unset family adds no provider.
 */
export const STORAGE_ALIAS_ENV_VARS: readonly AliasEnvVar[] = Object.freeze([
  {
    name: 'MINIO_HOST',
    feeds: MINIO,
    meaning:
      'KFP UI server: MinIO host; with MINIO_ACCESS_KEY/MINIO_SECRET_KEY it adds a minio provider (no default host).',
  },
  { name: 'MINIO_PORT', feeds: MINIO, meaning: 'KFP UI server: MinIO port, appended to MINIO_HOST.' },
  {
    name: 'MINIO_NAMESPACE',
    feeds: MINIO,
    meaning: 'KFP UI server: Kubernetes namespace of MinIO; the endpoint becomes MINIO_HOST.MINIO_NAMESPACE.',
  },
  {
    name: 'MINIO_SSL',
    feeds: MINIO,
    meaning: 'KFP UI server: true to use TLS (secure) for MinIO; unset means false (plain HTTP), as in KFP.',
  },
  { name: 'MINIO_ACCESS_KEY', feeds: MINIO, meaning: 'KFP UI server: MinIO access key.' },
  {
    name: 'MINIO_SECRET_KEY',
    feeds: MINIO,
    meaning: 'KFP UI server: MinIO secret key (masked when printed).',
  },
  {
    name: 'OBJECTSTORECONFIG_HOST',
    feeds: OBJECTSTORE,
    meaning:
      'KFP API server: object store host; adds a minio provider scoped to OBJECTSTORECONFIG_BUCKETNAME.',
  },
  { name: 'OBJECTSTORECONFIG_PORT', feeds: OBJECTSTORE, meaning: 'KFP API server: object store port.' },
  {
    name: 'OBJECTSTORECONFIG_SECURE',
    feeds: OBJECTSTORE,
    meaning: 'KFP API server: true to use TLS; unset means false (plain HTTP), as in KFP.',
  },
  { name: 'OBJECTSTORECONFIG_REGION', feeds: OBJECTSTORE, meaning: 'KFP API server: object store region.' },
  {
    name: 'OBJECTSTORECONFIG_BUCKETNAME',
    feeds: OBJECTSTORE,
    meaning: 'KFP API server: the bucket the provider serves.',
  },
  { name: 'OBJECTSTORECONFIG_ACCESSKEY', feeds: OBJECTSTORE, meaning: 'KFP API server: access key.' },
  {
    name: 'OBJECTSTORECONFIG_SECRETACCESSKEY',
    feeds: OBJECTSTORE,
    meaning: 'KFP API server: secret key (masked when printed).',
  },
  {
    name: 'AWS_ACCESS_KEY_ID',
    feeds: AWS,
    meaning:
      'AWS SDK: access key; adds an s3 provider (also with an endpoint alone), and fills credentials: { fromEnv: true }.',
  },
  {
    name: 'AWS_SECRET_ACCESS_KEY',
    feeds: AWS,
    meaning: 'AWS SDK: secret key for AWS_ACCESS_KEY_ID (masked when printed).',
  },
  { name: 'AWS_SESSION_TOKEN', feeds: AWS, meaning: 'AWS SDK: session token of temporary credentials.' },
  { name: 'AWS_REGION', feeds: AWS, meaning: 'AWS SDK: region of the s3 provider.' },
  { name: 'AWS_DEFAULT_REGION', feeds: AWS, meaning: 'AWS SDK: region, when AWS_REGION is unset.' },
  {
    name: 'AWS_ENDPOINT_URL_S3',
    feeds: AWS,
    meaning: 'AWS SDK: S3 endpoint (e.g. http://localhost:9000); adds an s3 provider.',
  },
  { name: 'AWS_ENDPOINT_URL', feeds: AWS, meaning: 'AWS SDK: endpoint, when AWS_ENDPOINT_URL_S3 is unset.' },
  {
    name: 'AWS_PROFILE',
    feeds: AWS,
    meaning: 'AWS SDK: profile of the shared credentials file (default "default").',
  },
  {
    name: 'AWS_SHARED_CREDENTIALS_FILE',
    feeds: AWS,
    meaning: 'AWS SDK: shared credentials file (default ~/.aws/credentials), used when no keys are set.',
  },
]);
