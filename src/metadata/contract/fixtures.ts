import type {
  ArtifactRecord,
  AttemptRecord,
  IoValues,
  RunRecord,
  RunStorage,
  TaskRecord,
} from '../records.js';
import type { RecurringRunRecord } from '../recurring-run-record.js';

/** Epoch ms used by fixtures: past 2^32 so a 32-bit column would corrupt it. */
export const T0 = 1_732_000_000_123;

/** IoValues exercising every JSON shape and an artifact list. */
export const SAMPLE_IO: IoValues = {
  parameters: {
    text: 'héllo "quoted" \n newline ☃',
    integer: 42,
    negative: -7,
    double: 0.1,
    flag: false,
    nothing: null,
    list: [1, 'two', [3], { four: 4 }],
    struct: { nested: { deep: [true, null] }, empty: {} },
    emptyString: '',
  },
  artifacts: {
    model: [
      {
        id: 'art-1',
        name: 'model',
        uri: 'file:///tmp/root/run/model',
        schemaTitle: 'system.Model',
        schemaVersion: '0.0.1',
        metadata: { accuracy: 0.93, labels: ['a', 'b'] },
      },
    ],
    collected: [],
  },
};

/** The storage record of a run on a custom MinIO endpoint. */
export const SAMPLE_STORAGE: RunStorage = {
  pipelineRoot: 'minio://mlpipeline/v2',
  pipelineRootSource: 'kfp-launcher:/etc/kfp/launcher.yaml#defaultPipelineRoot',
  provider: {
    scheme: 'minio',
    bucket: 'mlpipeline',
    endpoint: 'http://minio.kf-storage.svc.cluster.local:80',
    secure: false,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: 'keys',
    source: 'env:MINIO_HOST',
    fieldSources: { endpoint: 'env:MINIO_HOST+MINIO_PORT' },
  },
};

/** A run with every nullable field null; override what a test needs. */
export function makeRun(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'run-1',
    pipelineName: 'hello-pipeline',
    displayName: 'hello run',
    specText: 'pipelineInfo:\n  name: hello-pipeline\n',
    arguments: { name: 'world', count: 3 },
    pipelineRoot: 'file:///tmp/skiff/root',
    state: 'PENDING',
    createdAtMs: T0,
    scheduledAtMs: T0,
    startedAtMs: null,
    finishedAtMs: null,
    options: { cache: true },
    outputs: null,
    error: null,
    storage: null,
    experimentId: null,
    description: '',
    storageState: 'AVAILABLE',
    pipelineVersion: null,
    recurringRunId: null,
    ...overrides,
  };
}

/** A task of `run-1` with every nullable field null. */
export function makeTask(overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    id: 'task-1',
    runId: 'run-1',
    path: 'print-op',
    parentPath: null,
    name: 'print-op',
    kind: 'container',
    state: 'PENDING',
    createdAtMs: T0 + 1,
    startedAtMs: null,
    finishedAtMs: null,
    inputs: null,
    outputs: null,
    cacheKey: null,
    cachedFrom: null,
    maxAttempts: 1,
    error: null,
    retryRound: 0,
    ...overrides,
  };
}

/** A running first attempt of `task-1`. */
export function makeAttempt(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    taskId: 'task-1',
    runId: 'run-1',
    number: 1,
    state: 'RUNNING',
    startedAtMs: T0 + 2,
    finishedAtMs: null,
    exitCode: null,
    failureKind: null,
    message: null,
    logUri: null,
    nextRetryAtMs: null,
    retryRound: 0,
    ...overrides,
  };
}

/** An artifact of `run-1` written by `task-1`. */
export function makeArtifact(overrides: Partial<ArtifactRecord> = {}): ArtifactRecord {
  return {
    id: 'art-1',
    runId: 'run-1',
    producerTaskId: 'task-1',
    name: 'model',
    uri: 'file:///tmp/skiff/root/run-1/task-1/model',
    schemaTitle: 'system.Model',
    schemaVersion: '0.0.1',
    metadata: { accuracy: 0.93 },
    createdAtMs: T0 + 3,
    ...overrides,
  };
}

/** An enabled periodic recurring run (every 60 s) with every nullable field null. */
export function makeRecurringRun(overrides: Partial<RecurringRunRecord> = {}): RecurringRunRecord {
  return {
    id: 'rr-1',
    displayName: 'nightly',
    description: '',
    experimentId: null,
    namespace: '',
    specText: 'pipelineInfo:\n  name: hello-pipeline\n',
    pipelineVersion: null,
    parameters: { name: 'world' },
    pipelineRoot: null,
    serviceAccount: '',
    maxConcurrency: 1,
    trigger: { kind: 'periodic', intervalSeconds: 60, startAtMs: null, endAtMs: null },
    status: 'ENABLED',
    noCatchup: false,
    createdAtMs: T0,
    updatedAtMs: T0,
    lastScheduledAtMs: null,
    error: null,
    ...overrides,
  };
}
