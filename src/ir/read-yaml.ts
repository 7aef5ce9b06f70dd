import { Composer, type Document, isMap, isScalar, isSeq, LineCounter, Parser } from 'yaml';
import { MAX_NESTING_DEPTH, tooDeepTokenOffset } from './nesting-depth.js';

/** A problem found while reading YAML text: what, and where (1-based line and column). */
export interface YamlProblem {
  readonly message: string;
  readonly line: number;
  readonly col: number;
}

/** What readYaml made of a text: its documents, or the first problem (syntax, a duplicate key, nesting past the limit). */
export type YamlRead =
  | { readonly ok: true; readonly docs: readonly Document[] }
  | { readonly ok: false; readonly problem: YamlProblem; readonly tooDeep: boolean };

/**
 * Parses YAML text once into its documents. The syntax tree is checked for nesting past
 * MAX_NESTING_DEPTH before the documents are composed (composing recurses). Duplicate keys are
 * found in one pass over the composed maps: the YAML library's own check compares every key with
 * every earlier one, which took minutes on a spec with 40,000 components.
 */
export function readYaml(text: string): YamlRead {
  const lines = new LineCounter();
  const tokens = Array.from(new Parser(lines.addNewLine).parse(text));
  const at = (offset: number) => lines.linePos(offset);
  const deep = tooDeepTokenOffset(tokens, MAX_NESTING_DEPTH);
  if (deep !== undefined)
    return { ok: false, tooDeep: true, problem: { message: 'nested too deep', ...at(deep) } };
  const docs = Array.from(new Composer({ uniqueKeys: false }).compose(tokens));
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const message = error.message.split('\n')[0] ?? error.message;
      return { ok: false, tooDeep: false, problem: { message, ...at(error.pos[0]) } };
    }
  }
  for (const doc of docs) {
    const offset = duplicateKeyOffset(doc);
    if (offset !== undefined) {
      return { ok: false, tooDeep: false, problem: { message: 'Map keys must be unique', ...at(offset) } };
    }
  }
  return { ok: true, docs };
}

/** The offset of the first scalar key that repeats an earlier key of the same map, or undefined. */
function duplicateKeyOffset(doc: Document): number | undefined {
  const stack: unknown[] = [doc.contents];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (isSeq(node)) {
      for (const item of node.items) if (item !== null) stack.push(item);
    } else if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          if (seen.has(key.value)) return key.range?.[0] ?? 0;
          seen.add(key.value);
        }
        if (pair.value !== null) stack.push(pair.value);
      }
    }
  }
  return undefined;
}
