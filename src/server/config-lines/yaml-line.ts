import { isMap, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';

/** A YAML text parsed once, able to say on which line a key path is written. */
export interface YamlLines {
  /** The 1-based line of `path` (`storage.providers[0].endpoint`), of its nearest written ancestor, or undefined. */
  lineOf(path: string): number | undefined;
}

/** `storage.providers[0].endpoint` → `['storage', 'providers', 0, 'endpoint']`. */
export function pathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (match === null) {
      segments.push(part);
      continue;
    }
    if (match[1] !== '') segments.push(match[1]!);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

/**
 * Parse `text` (every YAML document of it) for line look-ups. A path is looked for at the top of
 * each document and under `data` (a ConfigMap's keys); the deepest match wins.
 */
export function yamlLines(text: string): YamlLines {
  const counter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false });
  const roots = (Array.isArray(documents) ? documents : []).map((document) => document.contents);
  return {
    lineOf(path) {
      const segments = pathSegments(path);
      let best: { depth: number; offset: number } | undefined;
      for (const root of roots) {
        for (const prefix of [[], ['data']] as const) {
          const found = walk(root, [...prefix, ...segments]);
          const depth = found.depth - prefix.length;
          if (found.offset !== undefined && depth > 0 && (best === undefined || depth > best.depth)) {
            best = { depth, offset: found.offset };
          }
        }
      }
      return best === undefined ? undefined : counter.linePos(best.offset).line;
    },
  };
}

/** How far `segments` lead into `node`, and the offset of the deepest key or item reached. */
function walk(node: unknown, segments: readonly (string | number)[]): { depth: number; offset?: number } {
  let current = node as Node | null | undefined;
  let offset: number | undefined;
  let depth = 0;
  for (const segment of segments) {
    if (isMap(current)) {
      const pair = current.items.find(
        (item) => String((item.key as { value?: unknown })?.value) === String(segment),
      );
      if (pair === undefined) break;
      offset = (pair.key as Node).range?.[0];
      current = pair.value as Node | null;
    } else if (isSeq(current) && typeof segment === 'number') {
      const item = current.items[segment] as Node | undefined;
      if (item === undefined) break;
      offset = item.range?.[0];
      current = item;
    } else break;
    depth++;
  }
  return offset === undefined ? { depth: 0 } : { depth, offset };
}
