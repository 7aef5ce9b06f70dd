/** A route pattern such as `/runs/details/:id`; `:name` matches one segment. */
export type RoutePattern = string;

/** The parameters when `segments` match `pattern` exactly, else undefined. */
export function matchRoute(
  pattern: RoutePattern,
  segments: readonly string[],
): Record<string, string> | undefined {
  const parts = pattern.split('/').filter((part) => part !== '');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}
