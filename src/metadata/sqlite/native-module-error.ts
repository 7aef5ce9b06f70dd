import { SkiffError } from '../../errors/index.js';

// Node's own message when an addon's ABI differs: "... was compiled against a different Node.js
// version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 137."
const ABI_MISMATCH = /NODE_MODULE_VERSION (\d+)\.[\s\S]*?requires\s+NODE_MODULE_VERSION (\d+)/;
// The `bindings` package's message when no build of the addon exists (installed with --ignore-scripts).
const NOT_BUILT = /Could not locate the bindings file/;
// The addon's path inside Node's message: "The module '/x/node_modules/better-sqlite3/build/...node'".
const MODULE_PATH = /'([^']*better_sqlite3\.node)'/;
// The folder holding node_modules/better-sqlite3, in either message (`bindings` lists the paths it tried).
const PROJECT_DIR = /([^\s']*)\/node_modules\/better-sqlite3\//;

/** Node.js major versions by NODE_MODULE_VERSION (ABI), for messages; others print the number only. */
const NODE_BY_ABI: Readonly<Record<string, string>> = {
  '108': '18',
  '115': '20',
  '127': '22',
  '131': '23',
  '137': '24',
  '141': '25',
};

/** The running Node.js, as the message names it. */
export interface NodeRuntime {
  /** `process.version`, e.g. `v24.22.3`. */
  readonly version: string;
  /** `process.versions.modules`, e.g. `137`. */
  readonly modules: string;
}

const CURRENT: NodeRuntime = { version: process.version, modules: process.versions.modules };

/**
 * Classifies an error thrown while loading better-sqlite3's native addon (ERR_DLOPEN_FAILED: built
 * for another Node.js ABI, another platform, or not built at all) as SKIFF_NATIVE_MODULE, naming
 * both module versions and the rebuild command. Undefined for any other error.
 */
export function nativeModuleError(error: unknown, node: NodeRuntime = CURRENT): SkiffError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  const abi = ABI_MISMATCH.exec(error.message);
  const notBuilt = NOT_BUILT.test(error.message);
  if (code !== 'ERR_DLOPEN_FAILED' && abi === null && !notBuilt) return undefined;
  const modulePath = MODULE_PATH.exec(error.message)?.[1];
  const where = modulePath === undefined ? 'better-sqlite3' : `better-sqlite3 (${modulePath})`;
  let what: string;
  if (abi !== null) {
    const [, builtFor = '?', required = '?'] = abi;
    what = `${where} was built for NODE_MODULE_VERSION ${builtFor}${nodeName(builtFor)}, and this Node.js ${node.version} requires NODE_MODULE_VERSION ${required}`;
  } else if (notBuilt) {
    what = `better-sqlite3 has no build of its native module (its install script did not run or failed)`;
  } else {
    what = `${where} cannot be loaded by Node.js ${node.version} (NODE_MODULE_VERSION ${node.modules}): ${firstLine(error.message)}`;
  }
  const project = PROJECT_DIR.exec(error.message)?.[1];
  const inDir = project === undefined ? 'in the folder that holds its node_modules' : `in ${project}`;
  const reinstall = notBuilt
    ? 'install Skiff again letting its install script run (`npm install -g --allow-scripts=better-sqlite3`, without --ignore-scripts)'
    : 'install Skiff again with this Node.js (`npm install -g`)';
  return new SkiffError('SKIFF_NATIVE_MODULE', `the SQLite metadata store cannot be opened: ${what}`, {
    fix: `${notBuilt ? 'Build' : 'Rebuild'} it for Node.js ${node.version}: run \`npm rebuild better-sqlite3\` ${inDir}; for a global install, ${reinstall}.`,
    cause: error,
  });
}

function nodeName(abi: string): string {
  const major = NODE_BY_ABI[abi];
  return major === undefined ? '' : ` (Node.js ${major})`;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}
