import { input, setup, system, user } from './code-kinds.js';
import { KUBERNETES_CODES } from './codes-kubernetes.js';
import { SERVER_CODES } from './codes-server.js';
import type { FailureKind } from './failure-kind.js';

/** One entry of the error registry. */
export interface ErrorCodeInfo {
  /** What the code means, in one sentence (used in docs/errors.md). */
  readonly summary: string;
  /** The general fix; a thrower may give a more specific one. */
  readonly fix: string;
  /** True when the cause is bad user input (CLI exit 2, HTTP 400). */
  readonly badInput: boolean;
  /** Failure kind when this error ends an attempt. */
  readonly kind: FailureKind;
}

/** The registry of every error code Skiff reports. docs/errors.md is kept in sync by a test. */
export const ERROR_CODES = {
  // Pipeline spec (IR) loading and validation
  SKIFF_IR_READ: input('The pipeline file cannot be read.', 'Check the path and its permissions.'),
  SKIFF_IR_EMPTY: input(
    'The pipeline file is empty.',
    'Compile the pipeline again with the KFP SDK (kfp.compiler.Compiler().compile).',
  ),
  SKIFF_IR_PARSE: input(
    'The pipeline file is not valid YAML or JSON.',
    'Fix the syntax at the reported line, or compile the pipeline again.',
  ),
  SKIFF_IR_FORMAT: input(
    'The file is not a KFP pipeline spec (wrong format, binary, or archive).',
    'Pass a PipelineSpec YAML or JSON file compiled by the KFP SDK (schemaVersion 2.1.0).',
  ),
  SKIFF_NESTING_TOO_DEEP: input(
    'A JSON or YAML input (pipeline file, API body, run parameter) nests mappings and lists more than 200 levels deep, or contains itself through a YAML alias.',
    'Flatten the value at the reported place; pass deeply structured data as a file or an artifact instead of a parameter.',
  ),
  SKIFF_IR_SCHEMA: input(
    'A field of the pipeline spec is missing or has the wrong type.',
    'Correct the field named in the message; compiling with the KFP SDK produces valid specs.',
  ),
  SKIFF_IR_NO_NAME: input(
    'The pipeline spec has no pipelineInfo.name.',
    'Set pipelineInfo.name (the @dsl.pipeline name).',
  ),
  SKIFF_IR_UNKNOWN_COMPONENT: input(
    'A task refers to a component that is not defined.',
    'Use one of the names under `components`, or add the component.',
  ),
  SKIFF_IR_UNKNOWN_EXECUTOR: input(
    'A component refers to an executor that is not defined.',
    'Use one of the labels under deploymentSpec.executors, or add the executor.',
  ),
  SKIFF_IR_UNKNOWN_TASK: input(
    'A task refers to a task that is not in the same DAG.',
    'Refer to a sibling task of the same DAG.',
  ),
  SKIFF_IR_UNKNOWN_OUTPUT: input(
    'A task reads an output its producer does not declare.',
    "Use an output declared in the producer component's outputDefinitions.",
  ),
  SKIFF_IR_UNKNOWN_INPUT: input(
    'A task reads a component input that is not declared.',
    "Use an input declared in the enclosing component's inputDefinitions.",
  ),
  SKIFF_IR_CYCLE: input(
    'The tasks of a DAG depend on each other in a cycle.',
    'Remove one of the dependencies named in the cycle.',
  ),
  SKIFF_IR_BAD_DEFAULT: input(
    'A default value does not match its declared parameter type.',
    'Change the default to a value of the declared type.',
  ),
  SKIFF_IR_BAD_CONDITION: input(
    'A trigger condition is not a valid CEL expression.',
    'Fix the expression; conditions compiled by the KFP SDK are valid CEL.',
  ),
  SKIFF_IR_BAD_ITERATOR: input(
    'A ParallelFor iterator is malformed.',
    'Give items.raw as a JSON list or items.inputParameter naming a declared input.',
  ),
  SKIFF_IR_TOO_LARGE: input(
    'The pipeline spec declares more than 10,000 components or holds more than 10,000 tasks in its DAGs, the most Skiff reads.',
    'Split the pipeline into smaller ones, or run many similar tasks as one task in a dsl.ParallelFor loop (its iterations are not counted).',
  ),
  SKIFF_IR_UNSUPPORTED: input(
    'The spec uses a feature this version of Skiff does not support.',
    'See docs/kfp-compatibility.md for what is supported.',
  ),

  // Run arguments
  SKIFF_ARG_UNKNOWN: input(
    'An argument names a parameter the pipeline does not declare.',
    'Use one of the pipeline parameters listed in the message.',
  ),
  SKIFF_ARG_MISSING: input(
    'A required pipeline input has no value and no default.',
    'Pass it with -p NAME=VALUE (or --params FILE).',
  ),
  SKIFF_ARG_TYPE: input(
    'An argument value does not match the parameter type.',
    'Pass a value of the declared type (JSON for LIST and STRUCT).',
  ),
  SKIFF_ARG_SYNTAX: input('A -p argument is not of the form NAME=VALUE.', 'Write -p NAME=VALUE.'),
  SKIFF_ARG_FILE: input(
    'The --params file cannot be read or is not a JSON/YAML object.',
    'Give a JSON or YAML file holding one object of name: value.',
  ),

  // Command line
  SKIFF_CLI_USAGE: input(
    "A command line does not match the command's usage: a missing argument, an unknown command or option, or an option value of the wrong form.",
    'Run `skiff COMMAND --help` for its arguments and options.',
  ),

  // Configuration
  SKIFF_CONFIG_READ: input(
    'The configuration file cannot be read or parsed.',
    'Check the path given by --config or SKIFF_CONFIG, and its YAML syntax.',
  ),
  SKIFF_CONFIG_UNKNOWN_KEY: input(
    'The configuration has a key Skiff does not know.',
    'Remove the key or correct its spelling (see docs/configuration.md).',
  ),
  SKIFF_CONFIG_INVALID: input(
    'A configuration value has the wrong type or is out of range.',
    'Correct the value at the reported key (see docs/configuration.md).',
  ),
  SKIFF_CONFIG_CONFLICT: input(
    'Two inputs of the same configuration layer set one key to different values (e.g. MINIO_HOST and OBJECTSTORECONFIG_HOST).',
    'Remove or correct one of the inputs so that they agree, or set the key explicitly in a higher layer (a flag or skiff.yaml).',
  ),
  SKIFF_CONFIG_KFP_LAUNCHER_READ: input(
    'A kfp-launcher ConfigMap file cannot be read or is not valid YAML.',
    'Check the path given by --kfp-launcher or storage.kfpLauncherConfigMap, and the YAML syntax at the reported line.',
  ),
  SKIFF_CONFIG_KFP_LAUNCHER_INVALID: input(
    "A kfp-launcher ConfigMap does not have KFP's shape (kind ConfigMap with data, defaultPipelineRoot, providers).",
    'Correct the field at the reported path inside the file (see docs/configuration.md, "Storage providers").',
  ),

  // Storage
  SKIFF_STORAGE_BAD_KEY: input(
    'An object key escapes the storage root.',
    'Use a relative key without `..` segments or a leading `/`.',
  ),
  SKIFF_STORAGE_BAD_URI: input(
    'A URI cannot be used as a storage location.',
    'Use file://, s3:// or minio:// URIs.',
  ),
  SKIFF_STORAGE_NO_PROVIDER: input(
    'No storage provider matches the pipeline root.',
    'Add a storage provider for this scheme, or use a file:// pipeline root.',
  ),
  SKIFF_STORAGE_NOT_FOUND: system(
    'An object does not exist in the store.',
    'Check that the producing task succeeded and the pipeline root is the one it wrote to.',
  ),
  SKIFF_STORAGE_IO: system(
    'Reading or writing the object store failed.',
    'Check the storage location is writable and has free space; the task retry policy retries it.',
  ),
  SKIFF_STORAGE_UNREACHABLE: setup(
    'The object store endpoint cannot be reached (DNS failure, connection refused or connect timeout).',
    'Check the storage provider endpoint (host and port) and that the server is running and reachable from here.',
  ),
  SKIFF_STORAGE_CREDENTIALS: setup(
    'The object store rejected the credentials, or none were found.',
    'Check the access key and secret of the storage provider (credentials), or the credentials file and profile.',
  ),
  SKIFF_STORAGE_NO_BUCKET: setup(
    'The bucket of the storage location does not exist.',
    'Create the bucket, or correct the bucket in the pipeline root.',
  ),
  SKIFF_STORAGE_DENIED: setup(
    'The object store denied access to the bucket or object (valid credentials without permission).',
    'Grant the user read, write, list and delete on the bucket and prefix, or use credentials that have them.',
  ),
  SKIFF_STORAGE_NOT_S3: setup(
    'The endpoint answers HTTP, but not as an S3 service.',
    'Point the storage provider endpoint at the S3 API port (MinIO: 9000, Ceph RGW: 7480), not a console or web page.',
  ),
  SKIFF_STORAGE_TLS: setup(
    'TLS to the object store failed: http/https mismatch or an untrusted certificate.',
    'Use https:// (secure: true) for a TLS endpoint and http:// (secure: false) for a plain one; trust a private CA with NODE_EXTRA_CA_CERTS.',
  ),

  SKIFF_DISK_FULL: system(
    'A file system Skiff writes to (the metadata store, the pipeline root, the logs) is full or over its quota (ENOSPC, EDQUOT, SQLITE_FULL), or the PostgreSQL server of the metadata store reports its disk full (SQLSTATE 53100).',
    'Free space on the file system named in the message (or raise its quota), then continue: `skiff resume RUN` continues a run it stopped, and nothing recorded is lost.',
  ),

  // Metadata store
  SKIFF_NATIVE_MODULE: system(
    "The SQLite driver's native module (better-sqlite3) cannot be loaded: it was built for another Node.js version (NODE_MODULE_VERSION), another platform, or not built at all.",
    'Rebuild it for the Node.js that runs Skiff: `npm rebuild better-sqlite3` in the folder that holds its node_modules; for a global install, install Skiff again with that Node.js (`npm install -g`).',
  ),
  SKIFF_METADATA_OPEN: system(
    'The metadata store cannot be opened.',
    'Check metadata.url: for SQLite, that its directory is writable; for PostgreSQL, that the server is reachable and the user, password and database are right.',
  ),
  SKIFF_METADATA_CONFLICT: system(
    'A metadata write broke a uniqueness or reference rule (duplicate id, task path or attempt number, or a missing run, task or artifact).',
    'This is a bug in Skiff; report it with the run id.',
  ),
  SKIFF_SERVER_DB_IN_USE: system(
    'Another skiff server is running on this metadata store (it holds the server lease and keeps renewing it).',
    'Stop the other server, or give this one its own metadata.url (and home). Two servers on one store would both execute its runs.',
  ),
  SKIFF_SERVER_LISTEN: input(
    'skiff server cannot listen on server.host and server.port: the port is in use, the address is not one of this machine, the host name does not resolve, or the port needs privileges.',
    'Choose a free port (server.port, --port; 0 picks one) or an address of this machine (server.host, --host), or stop what holds the port.',
  ),
  SKIFF_SERVER_UNAUTHENTICATED: input(
    'skiff server would listen on an address other than loopback without server.authToken: anyone who reaches it could run pipelines, that is commands, on this machine.',
    'Set server.authToken (SKIFF_SERVER_AUTH_TOKEN, at least 16 characters), or bind 127.0.0.1, or set server.allowUnauthenticated: true if the network is trusted.',
  ),
  SKIFF_SERVER_STARTING: system(
    'The server is starting: it listens, but answers API calls only once it holds the metadata store lease (HTTP 503; /healthz says why).',
    'Retry in a few seconds; a server that was killed leaves a lease that expires within server lease time (15 s).',
  ),
  SKIFF_RUN_NOT_FOUND: input('No run has this id.', 'List runs with `skiff runs list`.'),
  SKIFF_RECURRING_RUN_NOT_FOUND: input(
    'No recurring run has this id.',
    'List recurring runs with GET /apis/v2beta1/recurringruns.',
  ),
  SKIFF_TASK_NOT_FOUND: input(
    'The run has no task with this name.',
    'List its tasks with `skiff runs get RUN`.',
  ),
  SKIFF_ATTEMPT_NOT_FOUND: input(
    'The task has no attempt with this number.',
    'Give one of the attempt numbers the message lists (`skiff runs get RUN` shows every attempt).',
  ),
  SKIFF_RUN_FINISHED: input(
    'The run has already finished; there is nothing to resume.',
    'Start a new run with `skiff run`, or run a FAILED or CANCELED one again with `skiff retry RUN`.',
  ),
  SKIFF_RUN_IN_USE: system(
    'Another process is executing this run (`skiff run`, `skiff resume` or `skiff retry` on this metadata store) and keeps renewing its lease on it.',
    'Wait for that run to end, or stop it (Ctrl-C where it runs, or POST /apis/v2beta1/runs/{id}:terminate on skiff server). A run whose process was killed is free 15 s after its last renewal.',
  ),
  SKIFF_RUN_NOT_RETRYABLE: input(
    'Only a FAILED or CANCELED run can be retried.',
    'Check its state with `skiff runs get RUN`: an unfinished run continues with `skiff resume RUN`; a succeeded one has nothing to retry.',
  ),

  // Execution
  SKIFF_EXEC_SPAWN: system(
    'The task process could not be started.',
    'Check that the command exists on this machine and is executable.',
  ),
  SKIFF_EXEC_NUL_BYTE: user(
    "An argument or environment variable of the task's command holds a NUL byte (\\0), which no process can be given: usually a parameter value with one, put on the command line by a placeholder.",
    'Remove the NUL from the parameter the message names; pass binary data as an artifact (a file) instead.',
  ),
  SKIFF_EXEC_NONZERO: user(
    'The task process exited with a non-zero code.',
    "Read the task's log with `skiff logs RUN TASK`.",
  ),
  SKIFF_EXEC_LOST: system(
    'The process of an attempt vanished (Skiff was killed or crashed).',
    'Nothing to do: the attempt is retried per the retry policy.',
  ),
  SKIFF_EXEC_TIMEOUT: {
    summary: 'The attempt ran past its time limit.',
    fix: 'Raise the timeout or make the task faster.',
    badInput: false,
    kind: 'TIMEOUT',
  },
  SKIFF_EXEC_CANCELED: {
    summary: 'The attempt was canceled.',
    fix: 'Nothing to do: the run was canceled on request.',
    badInput: false,
    kind: 'CANCELED',
  },
  SKIFF_EXEC_NOT_LOCAL: user(
    'The task needs something this machine lacks (a tool, package or Kubernetes feature).',
    'Install what the message names, or run the pipeline on Kubernetes.',
  ),
  SKIFF_OUTPUT_MISSING: user(
    'A task did not write a declared output.',
    'Make the component write the output at the path named in the message.',
  ),
  SKIFF_OUTPUT_TYPE: user(
    'A task output cannot be read as its declared type.',
    'Make the component write a value of the declared type.',
  ),
  SKIFF_OUTPUT_TOO_LARGE: user(
    'An output a task wrote is too big to record: executor_output.json or an output parameter file larger than 16 MiB, or parameter values or artifact metadata in executor_output.json nested more than 200 levels deep.',
    'Write large or deeply structured data as an output artifact (a file) and keep parameters and metadata small and shallow.',
  ),
  SKIFF_OUTPUT_LINK: user(
    'An output artifact is, or holds, a symbolic link that leads out of it (e.g. `ln -s /etc/passwd $out/x`).',
    'Copy the file into the output (cp, not ln -s); a link may only point inside the artifact, by a relative path.',
  ),
  SKIFF_INPUT_MISSING: user(
    'A task input has no value at run time.',
    'Check that its producer ran and wrote the output, or make the input optional.',
  ),
  SKIFF_INPUT_TYPE: user(
    "A task input parameter receives a value of another kind than its declared type (KFP's backend fails the task the same way).",
    "Declare the input with the value's type, or convert the value in the producing component; a str input takes any value as text.",
  ),
  SKIFF_CONDITION_EVAL: user(
    'A trigger condition could not be evaluated.',
    'Check the types of the values the condition compares.',
  ),
  SKIFF_ITERATOR_ITEMS: user('The items of a ParallelFor are not a list.', 'Pass a JSON list to the loop.'),
  SKIFF_PYTHON_NOT_FOUND: system(
    'No Python interpreter was found for Python components.',
    'Install python3, or set executor.python.interpreter.',
  ),
  SKIFF_ENV_CREATE: system(
    "Skiff could not create the Python environment (a venv under <home>/envs) for a component's packages_to_install.",
    "Install the interpreter's venv module (Debian: apt-get install python3-venv) or uv, and check that <home>/envs is writable; the log of the attempt has the output.",
  ),
  SKIFF_ENV_INSTALL: system(
    "Installing a Python component's packages_to_install into its own environment failed (no such package or version, a build error, an index that answered with an error).",
    'Read the pip or uv output in the log of the attempt (`skiff logs RUN TASK`), then correct the requirement or the package index settings (pip.conf, PIP_INDEX_URL, uv.toml).',
  ),
  SKIFF_ENV_BAD_OPTION: input(
    'A `skiff envs` option has a bad value.',
    'Write durations as a number and a unit, e.g. 30d, 12h or 90m; see `skiff envs prune --help`.',
  ),

  ...SERVER_CODES,
  ...KUBERNETES_CODES,

  SKIFF_INTERNAL: system(
    'An internal error; this is a bug in Skiff.',
    'Report it with the run id and `skiff runs get RUN --json`.',
  ),
} as const satisfies Record<string, ErrorCodeInfo>;

/** A code from the registry. */
export type ErrorCode = keyof typeof ERROR_CODES;
