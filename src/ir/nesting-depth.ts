import { Parser } from 'yaml';
import { SkiffError } from '../errors/index.js';

/**
 * Deepest nesting of mappings and lists Skiff reads from JSON or YAML (pipeline files, API bodies,
 * run parameters): the top-level mapping is level 1. Compiled pipelines stay under 30 levels.
 */
export const MAX_NESTING_DEPTH = 200;

/** Where a value nests too deep: the path to the first container past the limit, and whether it is a cycle. */
export interface TooDeep {
  /** `root.dag.tasks.t[0][0]…`, shortened in the middle when long. */
  readonly path: string;
  /** True when the value contains itself (a YAML alias inside its own anchor). */
  readonly cycle: boolean;
}

interface Frame {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: Frame | undefined;
  readonly key: string | number | undefined;
}

/**
 * The first place `value` nests past `limit` levels of objects and arrays, or undefined. Walks with
 * its own stack, so no depth (or cycle) can exhaust the call stack.
 */
export function findTooDeep(value: unknown, limit: number = MAX_NESTING_DEPTH): TooDeep | undefined {
  // The common answer (not too deep) without allocating: a bounded recursion (at most `limit` frames).
  if (!nestsPast(value, limit)) return undefined;
  const stack: Frame[] = [{ value, depth: 1, parent: undefined, key: undefined }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const current = frame.value;
    if (typeof current !== 'object' || current === null) continue;
    if (frame.depth > limit) return { path: pathOf(frame), cycle: isCycle(frame) };
    const entries: [string | number, unknown][] = Array.isArray(current)
      ? current.map((item, index) => [index, item])
      : Object.entries(current);
    for (const [key, item] of entries) {
      if (typeof item === 'object' && item !== null) {
        stack.push({ value: item, depth: frame.depth + 1, parent: frame, key });
      }
    }
  }
  return undefined;
}

/** True when `value` holds a container more than `levelsLeft` levels down (itself being the first). */
function nestsPast(value: unknown, levelsLeft: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (levelsLeft === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (nestsPast(item, levelsLeft - 1)) return true;
    return false;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) if (nestsPast(object[key], levelsLeft - 1)) return true;
  return false;
}

/**
 * Throws SKIFF_NESTING_TOO_DEEP when `value` nests past MAX_NESTING_DEPTH; `what` names it
 * (`run body`, `pipeline.json`), `prefix` is the path of `value` inside it.
 */
export function checkNestingDepth(value: unknown, what: string, prefix = ''): void {
  const found = findTooDeep(value);
  if (found === undefined) return;
  const path = [prefix, found.path].filter((part) => part !== '').join('.');
  throw tooDeepError(what, path, found.cycle);
}

/** The error for input nesting past the limit at `path` of `what` (a cycle when it contains itself). */
export function tooDeepError(what: string, path: string, cycle = false): SkiffError {
  const where = path === '' ? '' : ` at ${path}`;
  return new SkiffError(
    'SKIFF_NESTING_TOO_DEEP',
    cycle
      ? `${what} contains itself${where} (a YAML alias inside its own anchor), so it nests without end; Skiff reads at most ${MAX_NESTING_DEPTH} levels`
      : `${what} nests mappings and lists more than ${MAX_NESTING_DEPTH} levels deep${where}; Skiff reads at most ${MAX_NESTING_DEPTH} levels`,
    { ...(path === '' ? {} : { location: path.slice(0, 200) }) },
  );
}

/**
 * The 1-based line of the first YAML collection nested past `limit` levels in `text`, or undefined.
 * Reads the concrete syntax tree (which the YAML parser builds without recursion) before the
 * document is composed (which recurses), so `[[[…]]]` or `- - - …` cannot exhaust the stack.
 */
export function yamlTooDeepLine(text: string, limit: number = MAX_NESTING_DEPTH): number | undefined {
  const offset = tooDeepTokenOffset(new Parser().parse(text), limit);
  return offset === undefined ? undefined : lineAt(text, offset);
}

/** Like yamlTooDeepLine over tokens already parsed (`new Parser().parse(text)`): the offset of the first collection past `limit`. */
export function tooDeepTokenOffset(tokens: Iterable<unknown>, limit: number): number | undefined {
  type Node = { readonly token: unknown; readonly depth: number };
  const stack: Node[] = [];
  for (const token of tokens) stack.push({ token, depth: 0 });
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const token = node.token as { type?: string; value?: unknown; items?: unknown; offset?: number };
    if (typeof token !== 'object' || token === null) continue;
    const collection =
      token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
    const depth = node.depth + (collection ? 1 : 0);
    if (depth > limit) return token.offset ?? 0;
    if (token.value !== undefined) stack.push({ token: token.value, depth });
    if (!Array.isArray(token.items)) continue;
    for (const item of token.items as { key?: unknown; value?: unknown }[]) {
      if (item.key) stack.push({ token: item.key, depth });
      if (item.value) stack.push({ token: item.value, depth });
    }
  }
  return undefined;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/** `a.b[0][1]`, keeping the first and last 8 steps of a long path. */
function pathOf(frame: Frame): string {
  const keys: (string | number)[] = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) keys.push(f.key);
  keys.reverse();
  const step = (key: string | number, index: number) =>
    typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${key}`;
  const steps = keys.map(step);
  if (steps.length <= 16) return steps.join('');
  return `${steps.slice(0, 8).join('')}…(${steps.length - 16} more)…${steps.slice(-8).join('')}`;
}

function isCycle(frame: Frame): boolean {
  const seen = new Set<unknown>();
  for (let f: Frame | undefined = frame; f !== undefined; f = f.parent) {
    if (seen.has(f.value)) return true;
    seen.add(f.value);
  }
  return false;
}
