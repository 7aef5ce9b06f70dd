import { z } from 'zod';

/** The file in an environment's directory that describes it (written last, before the rename). */
export const MANIFEST_FILE = 'skiff-env.json';
/** The folder in an environment's directory with one file per pipeline that used it (mtime: last use). */
export const USES_DIR = 'skiff-uses';

/** What `skiff-env.json` records about an environment. */
export interface EnvManifest {
  readonly key: string;
  /** The base interpreter's `sys.executable`. */
  readonly interpreter: string;
  /** Python version, from the environment's `pyvenv.cfg`. */
  readonly pythonVersion: string;
  readonly requirements: readonly string[];
  readonly options: readonly string[];
  readonly systemSitePackages: boolean;
  readonly seedPip: boolean;
  /** The tool and its version, e.g. `pip 23.2.1`. */
  readonly installer: string;
  readonly createdAtMs: number;
  /** How long creating and installing took. */
  readonly buildSeconds: number;
}

const manifestSchema = z.object({
  key: z.string(),
  interpreter: z.string(),
  pythonVersion: z.string(),
  requirements: z.array(z.string()),
  options: z.array(z.string()),
  systemSitePackages: z.boolean(),
  seedPip: z.boolean(),
  installer: z.string(),
  createdAtMs: z.number(),
  buildSeconds: z.number(),
});

/** The manifest in `text` (the content of `skiff-env.json`), or undefined when it is not one. */
export function parseManifest(text: string): EnvManifest | undefined {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // not JSON
  }
}
