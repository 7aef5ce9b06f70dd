import { z } from 'zod';
import { providerInputSchema } from './storage-schema.js';

/** How a key's value is hidden when printed: all of it, or only the password inside a URL. */
export type ConfigMask = 'secret' | 'url-password';

/** A key's default: a fixed value, or one computed from the resolved `home`. */
export type ConfigDefault =
  | { readonly value: unknown }
  | { readonly fromHome: (home: string) => unknown; readonly doc: string };

/** Metadata of one leaf key of the configuration (docs, defaults, masking, `~` expansion). */
export interface ConfigKeyMeta {
  /** One sentence for docs/configuration.md and `skiff config --help`. */
  readonly description: string;
  /** Absent for optional keys that have no value unless set. */
  readonly default?: ConfigDefault;
  readonly mask?: ConfigMask;
  /** `path`: `~` and `~/x` expand to the user's home; `uri`: `scheme://~/x` does too. */
  readonly expand?: 'path' | 'uri';
  /** How docs show the type when it is not a scalar, e.g. `list of providers`. */
  readonly typeDoc?: string;
}

/** Registry marking which schemas are leaf keys; anything not registered must be a section object. */
export const configKeyRegistry = z.registry<ConfigKeyMeta>();

/** Mark `schema` as a leaf key of the configuration. */
export function configKey<T extends z.ZodType>(schema: T, meta: ConfigKeyMeta): T {
  // A plain Map-like add: zod's generic `register` cannot check a meta type against an unresolved T.
  (configKeyRegistry as { add(schema: z.ZodType, meta: ConfigKeyMeta): unknown }).add(schema, meta);
  return schema;
}

/** Mark `schema` as a secret leaf key: its value is masked wherever it is printed. */
export function secretKey<T extends z.ZodType>(schema: T, meta: Omit<ConfigKeyMeta, 'mask'>): T {
  return configKey(schema, { ...meta, mask: 'secret' });
}

const uriPattern = /^[a-z][a-z0-9+.-]*:\/\/.+/;
/** A host name, IPv4 address or bracketed IPv6 address, with an optional port: no scheme, no path. */
const hostPortPattern = /^([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;
const metadataUrlPattern = /^(sqlite|postgres|postgresql):\/\/.+/;

const metadataSection = z.strictObject({
  url: configKey(
    z.string().regex(metadataUrlPattern, 'must be sqlite://PATH, postgres://… or postgresql://…'),
    {
      description: 'Metadata store: sqlite://PATH (embedded, default) or postgres://USER:PASSWORD@HOST/DB.',
      default: { fromHome: (home) => `sqlite://${home}/skiff.db`, doc: 'sqlite://<home>/skiff.db' },
      mask: 'url-password',
      expand: 'uri',
    },
  ),
});

const engineSection = z.strictObject({
  maxParallelTasks: configKey(z.number().int().min(1).max(1024), {
    description: 'Most container tasks of all runs that execute at the same time.',
    default: { value: 4 },
  }),
  cache: configKey(z.boolean(), {
    description:
      'Reuse outputs of earlier succeeded tasks with the same cache key (off per run with --no-cache).',
    default: { value: true },
  }),
});

/** One `executor.python.images` entry: a container image (or image prefix) and the local interpreter for it. */
const imageInterpreterSchema = z.strictObject({
  image: z.string().min(1),
  interpreter: z.string().min(1),
});

const pythonSection = z.strictObject({
  interpreter: configKey(z.string().min(1), {
    description: 'Python interpreter that runs Python function components.',
    default: { value: 'python3' },
  }),
  kfpRuntime: configKey(z.enum(['auto', 'installed', 'pip']), {
    description:
      'auto: use the bundled KFP executor runtime instead of `pip install kfp`; installed: the interpreter has kfp; pip: run commands as written.',
    default: { value: 'auto' },
  }),
  systemSitePackages: configKey(z.boolean(), {
    description:
      "Environments made for components with packages_to_install also see the interpreter's own site-packages (false: only the standard library, the bundled KFP runtime and what is installed into them, as in a container image).",
    default: { value: false },
  }),
  installer: configKey(z.enum(['auto', 'uv', 'pip']), {
    description:
      'What creates the environments of components with packages_to_install (under <home>/envs): uv (`uv venv` + `uv pip install`), pip (`python -m venv` + pip), or auto: uv when it is on PATH, else pip.',
    default: { value: 'auto' },
  }),
  images: configKey(z.array(imageInterpreterSchema).optional(), {
    description:
      'Which local interpreter stands in for a container image: a list of { image, interpreter }, e.g. [{"image":"python:3.9","interpreter":"~/.pyenv/versions/3.9.18/bin/python3.9"}]; an entry matches the image and its tags that continue with ".", "-" or "@" (python:3.9 matches python:3.9-slim). An image python:3.X that no entry names runs on python3.X from PATH when it is Python 3.X, else on executor.python.interpreter (the attempt records the difference). The environment form holds JSON or YAML.',
    typeDoc: 'list of { image, interpreter }',
  }),
  forkServer: configKey(z.boolean(), {
    description:
      'With kfpRuntime auto: run Python function components in processes forked from a warm interpreter (runtime/python-fork-server.py) instead of starting python3 for each; false starts a fresh interpreter per attempt.',
    default: { value: true },
  }),
});

/** `executor.kubernetes.pod`: what every task pod gets, under what the task's own platform config sets. */
const podDefaultsSchema = z.strictObject({
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  nodeSelector: z.record(z.string(), z.string()).optional(),
  tolerations: z
    .array(
      z.strictObject({
        key: z.string().optional(),
        operator: z.enum(['Exists', 'Equal']).optional(),
        value: z.string().optional(),
        effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
        tolerationSeconds: z.number().int().optional(),
      }),
    )
    .optional(),
  imagePullSecrets: z.array(z.string().min(1)).optional(),
  resources: z
    .strictObject({
      requests: z.record(z.string(), z.string()).optional(),
      limits: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  securityContext: z.record(z.string(), z.unknown()).optional(),
});

const kubernetesSection = z.strictObject({
  namespace: configKey(
    z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a Kubernetes namespace name')
      .max(63),
    {
      description:
        'Namespace of task pods (and of the storage Secret Skiff manages there). In a pod, the default is the namespace skiff server runs in.',
      default: { value: 'default' },
    },
  ),
  image: configKey(z.string().min(1), {
    description:
      "Skiff's own image, run beside every task's container to stage inputs and upload outputs and the log (build it with deploy/image/build-offline.sh or deploy/Dockerfile).",
    default: { value: 'skiff:latest' },
  }),
  kubeconfig: configKey(z.string().min(1).optional(), {
    description:
      'Kubeconfig file of the cluster. Unset: $KUBECONFIG, then in-cluster credentials when running in a pod, then ~/.kube/config.',
    expand: 'path',
  }),
  context: configKey(z.string().min(1).optional(), {
    description: 'Context of the kubeconfig to use. Unset: its current-context.',
  }),
  serviceAccount: configKey(z.string().min(1).optional(), {
    description:
      "Service account of task pods. Unset: the namespace's default; its token is not mounted unless this is set.",
  }),
  imagePullPolicy: configKey(z.enum(['Always', 'IfNotPresent', 'Never']).optional(), {
    description:
      "Pull policy of task pods' containers unless a task's platform config sets one (kubernetes.set_image_pull_policy). Unset: Kubernetes' default (Always for :latest and untagged images, else IfNotPresent); Never on clusters that must not reach a registry.",
  }),
  hostNetwork: configKey(z.boolean(), {
    description:
      "Task pods use the node's network (hostNetwork: true), e.g. to reach a store on the node's 127.0.0.1.",
    default: { value: false },
  }),
  pod: configKey(podDefaultsSchema.optional(), {
    description:
      "Defaults of every task pod: { labels, annotations, nodeSelector, tolerations, imagePullSecrets, resources: { requests, limits }, securityContext }; a task's own platform config wins over them. The environment form holds JSON or YAML.",
    typeDoc: 'object',
  }),
  imagePullWaitSeconds: configKey(z.number().int().min(1).max(86400), {
    description:
      'How long a pod may fail to pull its image (ErrImagePull, ImagePullBackOff), to get its Secrets and ConfigMaps, or to mount a volume (FailedMount) before the attempt fails with kind SYSTEM.',
    default: { value: 120 },
  }),
  unschedulableWaitSeconds: configKey(z.number().int().min(1).max(86400), {
    description: 'How long a pod may stay unschedulable before the attempt fails with kind SYSTEM.',
    default: { value: 300 },
  }),
  keepFailedPodsSeconds: configKey(z.number().int().min(0).max(604800), {
    description:
      'How long the pod of a failed attempt is kept for inspection after its log is stored (pods of succeeded attempts, and pods that never ran, are deleted at once). Pods a process left when it ended are deleted by the next one on the namespace once this time (10 minutes at the least) is up.',
    default: { value: 3600 },
  }),
});

const executorSection = z.strictObject({
  kind: configKey(z.enum(['local', 'kubernetes']), {
    description:
      "What runs attempts: local (processes on this machine) or kubernetes (one pod per attempt in the component's image; see docs/kubernetes.md). Flag: --executor.",
    default: { value: 'local' },
  }),
  python: pythonSection,
  kubernetes: kubernetesSection,
  timeoutSeconds: configKey(z.number().int().min(1).optional(), {
    description:
      'Time limit of one attempt in seconds; an attempt past it fails with kind TIMEOUT. Unset: none.',
  }),
});

const storageSection = z.strictObject({
  providers: configKey(z.array(providerInputSchema).optional(), {
    description:
      'S3-compatible storage for s3:// and minio:// roots: a list of { scheme, bucket?, keyPrefix?, endpoint?, secure?, region?, forcePathStyle?, credentials? }; every layer adds its own, the higher layer first, and the first match by scheme, bucket and key prefix wins. The environment form holds JSON or YAML.',
    typeDoc: 'list of providers',
  }),
  kfpLauncherConfigMap: configKey(z.string().min(1).optional(), {
    description:
      'Path of a KFP kfp-launcher ConfigMap YAML (defaultPipelineRoot, providers, or the flat PIPELINE_ROOT/MINIO_* form) read into the layer that names it (flag: --kfp-launcher).',
    expand: 'path',
  }),
  retry: z.strictObject({
    maxAttempts: configKey(z.number().int().min(1).max(100), {
      description: 'Tries of one storage call within an attempt when it fails with a transient error.',
      default: { value: 10 },
    }),
    budgetSeconds: configKey(z.number().min(1).max(3600), {
      description: 'Longest time in seconds one storage call keeps retrying transient errors.',
      default: { value: 30 },
    }),
  }),
});

const serverSection = z.strictObject({
  host: configKey(z.string().min(1), {
    description: 'Address `skiff server` binds (127.0.0.1: this machine only; 0.0.0.0: every interface).',
    default: { value: '127.0.0.1' },
  }),
  port: configKey(z.number().int().min(0).max(65535), {
    description: 'TCP port of `skiff server` (0: any free port, printed at start).',
    default: { value: 8888 },
  }),
  authToken: secretKey(z.string().min(16).optional(), {
    description:
      'When set, every API call must send `Authorization: Bearer <token>` (at least 16 characters). Unset: no authentication; bind to 127.0.0.1.',
  }),
  allowUnauthenticated: configKey(z.boolean(), {
    description:
      'Let `skiff server` listen on an address other than loopback (127.0.0.1, ::1, localhost) without server.authToken. Off: such a server refuses to start (SKIFF_SERVER_UNAUTHENTICATED); anyone who reaches it could run commands on this machine.',
    default: { value: false },
  }),
  fileRoots: configKey(
    z.array(z.string().regex(/^(\/|file:\/\/\/)/, 'must be an absolute path or a file:///… URI')).optional(),
    {
      description:
        'Local directories (absolute paths or file:/// URIs) whose files the server may serve as artifacts (GET /apis/skiff/v1/artifacts/...); an artifact elsewhere, such as an importer of file:///etc/passwd, is refused (SKIFF_ARTIFACT_FORBIDDEN), and so is a symbolic link out of an artifact. Unset: the file:// pipelineRoot, server.pipelineRoots and home (never the SQLite metadata store). The environment form holds JSON or YAML.',
      typeDoc: 'list of paths',
    },
  ),
  pipelineRoots: configKey(
    z.array(z.string().regex(/^(\/|file:\/\/\/)/, 'must be an absolute path or a file:///… URI')).optional(),
    {
      description:
        'Local directories (absolute paths or file:/// URIs) under which a run or recurring run created through the API may put a file:// runtime_config.pipeline_root; another file:// root, such as file:///etc, is refused (SKIFF_PIPELINE_ROOT_FORBIDDEN). The configured pipelineRoot is always allowed; these are added to it. Unset: only the pipelineRoot. The environment form holds JSON or YAML.',
      typeDoc: 'list of paths',
    },
  ),
  maxConcurrentRuns: configKey(z.number().int().min(1).max(1024), {
    description: 'Most runs the server executes at once; more wait in its queue (PENDING).',
    default: { value: 4 },
  }),
});

const cloudSection = z.strictObject({
  metadata: configKey(z.enum(['auto', 'gke', 'off']), {
    description:
      'Cloud probe of the server: off makes no network call; auto probes the GCE metadata server only when the environment suggests Google Cloud (GCE_METADATA_HOST, GOOGLE_CLOUD_PROJECT/GCLOUD_PROJECT/GCP_PROJECT, Kubernetes on a gke-… NODE_NAME, or a DMI product name with Google; see docs/kfp-compatibility.md); gke always probes. Time-boxed (500 ms), once, cached.',
    default: { value: 'auto' },
  }),
  metadataHost: configKey(
    z.string().regex(hostPortPattern, 'must be a host[:port] such as 169.254.169.254:80'),
    {
      description: 'Host (and optional port) of the GCE metadata server the cloud probe asks.',
      default: { value: 'metadata.google.internal' },
    },
  ),
});

const logSection = z.strictObject({
  level: configKey(z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']), {
    description: 'Least severe log level written.',
    default: { value: 'info' },
  }),
});

/** The schema of the resolved configuration; each section is a strict object, each leaf a registered key. */
export const configSchema = z.strictObject({
  home: configKey(z.string().min(1), {
    description: 'Directory of Skiff state: skiff.db, logs/ and the default artifacts/ root.',
    default: { value: '~/.skiff' },
    expand: 'path',
  }),
  pipelineRoot: configKey(z.string().regex(uriPattern, 'must be a URI such as file:///data/artifacts'), {
    description: 'URI under which runs write their artifacts (file://, s3://, minio://, gs://).',
    default: { fromHome: (home) => `file://${home}/artifacts`, doc: 'file://<home>/artifacts' },
    expand: 'uri',
  }),
  storage: storageSection,
  metadata: metadataSection,
  engine: engineSection,
  executor: executorSection,
  server: serverSection,
  cloud: cloudSection,
  log: logSection,
});

type DeepReadonly<T> = T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** The effective configuration, deep-frozen: every part of Skiff receives this, never process.env. */
export type Config = DeepReadonly<z.output<typeof configSchema>>;
