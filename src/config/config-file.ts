import { join, resolve } from 'node:path';
import { SkiffError } from '../errors/index.js';
import { readRegularFile } from '../local-fs/index.js';
import { CONFIG_FILE_ENV } from './env-vars.js';
import { readYamlValues } from './yaml-text.js';

/** Where to look for the configuration file. */
export interface ConfigFileLookup {
  /** Value of `--config`, if given. */
  readonly flag?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The user's home directory (for ~/.config/skiff/config.yaml). */
  readonly homeDir: string;
}

/** A configuration file that was found and parsed. */
export interface ConfigFile {
  /** Absolute path. */
  readonly path: string;
  /** Parsed YAML; a mapping, or null for an empty file. */
  readonly raw: unknown;
}

interface Candidate {
  readonly path: string;
  /** How it was named when explicit (`--config`, `SKIFF_CONFIG`); explicit files must exist. */
  readonly namedBy: string | undefined;
}

/** The file locations in priority order: --config, $SKIFF_CONFIG, ./skiff.yaml, ~/.config/skiff/config.yaml. */
export function configFileCandidates(lookup: ConfigFileLookup): Candidate[] {
  if (lookup.flag) return [{ path: resolve(lookup.cwd, lookup.flag), namedBy: '--config' }];
  const fromEnv = lookup.env[CONFIG_FILE_ENV];
  if (fromEnv) return [{ path: resolve(lookup.cwd, fromEnv), namedBy: `env:${CONFIG_FILE_ENV}` }];
  return [
    { path: join(lookup.cwd, 'skiff.yaml'), namedBy: undefined },
    { path: join(lookup.homeDir, '.config', 'skiff', 'config.yaml'), namedBy: undefined },
  ];
}

/** Find and parse the configuration file; undefined when no implicit location holds one. */
export async function readConfigFile(lookup: ConfigFileLookup): Promise<ConfigFile | undefined> {
  for (const candidate of configFileCandidates(lookup)) {
    const text = await readText(candidate);
    if (text === undefined) continue;
    return { path: candidate.path, raw: parseYaml(text, candidate.path) };
  }
  return undefined;
}

async function readText(candidate: Candidate): Promise<string | undefined> {
  try {
    return (await readRegularFile(candidate.path)).toString('utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && candidate.namedBy === undefined) return undefined;
    const named = candidate.namedBy ? ` (named by ${candidate.namedBy})` : '';
    const what = code === 'ENOENT' ? 'does not exist' : `cannot be read: ${(cause as Error).message}`;
    throw new SkiffError('SKIFF_CONFIG_READ', `config file ${candidate.path}${named} ${what}`, {
      fix:
        code === 'ENOENT'
          ? `Create the file, or correct the path given by ${candidate.namedBy ?? 'the lookup'}.`
          : 'Check that the path is a readable file.',
      cause,
    });
  }
}

function parseYaml(text: string, path: string): unknown {
  const read = readYamlValues(text);
  const fail = (problem: string, fix: string, cause?: unknown) =>
    new SkiffError('SKIFF_CONFIG_READ', `config file ${path} ${problem}`, {
      location: path,
      fix,
      ...(cause === undefined ? {} : { cause }),
    });
  if (!read.ok) throw fail(read.problem, read.fix, read.cause);
  const values = read.values.filter((value) => value !== null && value !== undefined);
  if (values.length > 1) {
    throw fail(`holds ${values.length} YAML documents`, 'Keep one document (no `---` between settings).');
  }
  return values[0] ?? null;
}
