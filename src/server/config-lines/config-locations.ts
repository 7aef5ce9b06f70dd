import { readFile } from 'node:fs/promises';
import { configEntries, type LoadedConfig } from '../../config/index.js';
import type { ConfigLocation } from './location-types.js';
import { type YamlLines, yamlLines } from './yaml-line.js';

/** The file-backed sources this server's configuration names: `file:` and `kfp-launcher:` ones. */
const FILE_SOURCE = /^(file|kfp-launcher):([^#]+)(?:#(.+))?$/;

/**
 * Every source of the configuration that points into a file (`file:/x/skiff.yaml` of a key,
 * `file:/x/skiff.yaml#storage.providers[0].endpoint`, `kfp-launcher:/x/cm.yaml#PIPELINE_ROOT`),
 * keyed `<source>#<path>` (a key's own path appended when its source has none), with the line
 * the value is written on. The files are read again now; one that cannot be read is left out.
 * Only line numbers leave the server, never the files' text (they may hold secrets).
 */
export async function configLocations(loaded: LoadedConfig): Promise<Record<string, ConfigLocation>> {
  const wanted = new Set<string>();
  for (const entry of configEntries(loaded)) {
    if (FILE_SOURCE.test(entry.source)) {
      wanted.add(entry.source.includes('#') ? entry.source : `${entry.source}#${entry.key}`);
    }
  }
  for (const provider of loaded.storage.providers) {
    wanted.add(provider.source);
    for (const source of Object.values(provider.fieldSources)) if (source) wanted.add(source);
  }
  for (const conflict of loaded.storage.conflicts)
    for (const value of conflict.values) wanted.add(value.source);
  const parsed = new Map<string, Promise<YamlLines | undefined>>();
  const parse = (file: string) => {
    let lines = parsed.get(file);
    if (lines === undefined) {
      lines = readFile(file, 'utf8').then(yamlLines, () => undefined);
      parsed.set(file, lines);
    }
    return lines;
  };
  const locations: Record<string, ConfigLocation> = {};
  for (const source of wanted) {
    const match = FILE_SOURCE.exec(source);
    if (match === null || match[3] === undefined) continue;
    const file = match[2]!;
    const line = (await parse(file))?.lineOf(match[3]);
    if (line !== undefined) locations[source] = { file, line };
  }
  return locations;
}
