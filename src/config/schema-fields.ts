import { z } from 'zod';

/** Field names of the object schema at `segments` inside `schema` (through optionals and lists), for "did you mean". */
export function fieldsAt(schema: z.ZodType, segments: readonly (string | number)[]): string[] {
  let node: z.ZodType | undefined = schema;
  for (const segment of segments) {
    node = unwrap(node);
    if (node instanceof z.ZodObject) node = node.shape[String(segment)] as z.ZodType | undefined;
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else return [];
    if (node === undefined) return [];
  }
  const object = unwrap(node);
  return object instanceof z.ZodObject ? Object.keys(object.shape) : [];
}

function unwrap(node: z.ZodType): z.ZodType {
  let current = node;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}
