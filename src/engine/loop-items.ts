import { SkiffError } from '../errors/index.js';
import { checkNestingDepth } from '../ir/index.js';
import type { Iterator, JsonValue } from '../ir/types.js';
import type { ArtifactValue, IoValues } from '../metadata/records.js';

/** One iteration's item: a parameter value or an artifact. */
export type LoopItem =
  | { readonly kind: 'parameter'; readonly value: JsonValue }
  | { readonly kind: 'artifact'; readonly value: ArtifactValue };

/** The items a ParallelFor iterates over, from raw JSON or the loop task's resolved inputs. */
export function loopItems(iterator: Iterator, inputs: IoValues, where: string): LoopItem[] {
  if (iterator.kind === 'artifact') {
    const list = inputs.artifacts[iterator.inputArtifact] ?? [];
    return list.map((value) => ({ kind: 'artifact', value }));
  }
  let value: JsonValue | undefined;
  let origin: string;
  if (iterator.items.kind === 'raw') {
    origin = 'items.raw';
    value = parseList(iterator.items.json);
  } else {
    origin = `input parameter "${iterator.items.name}"`;
    value = inputs.parameters[iterator.items.name];
    if (typeof value === 'string') value = parseList(value) ?? value;
  }
  // Items become iteration inputs, recorded (JSON.stringify recurses): a string output may hold any depth.
  checkNestingDepth(value, `the ParallelFor items (${origin})`);
  if (!Array.isArray(value)) {
    throw new SkiffError(
      'SKIFF_ITERATOR_ITEMS',
      `the ParallelFor items (${origin}) are ${JSON.stringify(value) ?? 'missing'}, not a list`,
      { location: `${where}.parameterIterator` },
    );
  }
  return (value as JsonValue[]).map((v) => ({ kind: 'parameter', value: v }));
}

function parseList(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}
