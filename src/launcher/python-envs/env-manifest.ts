import { z } from 'zod';

/** The file in an environment's directory that describes it (written last, before the rename). */
export const MANIFEST_FILE = 'skiff-env.json';
/** The folder in an environment's directory with one file per pipeline that used it (mtime: last use). */
export const USES_DIR = 'skiff-uses';

const manifestSchema = z.object({
  key: z.string(),
  /** The base interpreter's `sys.executable`. */
  interpreter: z.string(),
  /** Python version, from the environment's `pyvenv.cfg`. */
  pythonVersion: z.string(),
  requirements: z.array(z.string()).readonly(),
  options: z.array(z.string()).readonly(),
  systemSitePackages: z.boolean(),
  seedPip: z.boolean(),
  /** The tool and its version, e.g. `pip 23.2.1`. */
  installer: z.string(),
  createdAtMs: z.number(),
  /** How long creating and installing took. */
  buildSeconds: z.number(),
});

/** What `skiff-env.json` records about an environment (one definition: its schema). */
export type EnvManifest = Readonly<z.infer<typeof manifestSchema>>;

/** The manifest in `text` (the content of `skiff-env.json`), or undefined when it is not one. */
export function parseManifest(text: string): EnvManifest | undefined {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // not JSON
  }
}
