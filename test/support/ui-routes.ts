import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const PAGES = join(import.meta.dirname, '..', '..', 'ui', 'src', 'pages');

/**
 * The hash path patterns the web UI has in this checkout (`/runs/details/:id`), read from each
 * area's `ui/src/pages/<area>/routes.ts`, so browser tests cover pages as they are added.
 */
export function uiRoutePatterns(): string[] {
  const patterns: string[] = [];
  for (const area of readdirSync(PAGES)) {
    let text: string;
    try {
      text = readFileSync(join(PAGES, area, 'routes.ts'), 'utf8');
    } catch {
      continue;
    }
    for (const match of text.matchAll(/pattern:\s*['"`]([^'"`]+)['"`]/g)) patterns.push(match[1]!);
  }
  return patterns;
}

/** Whether `path` (`/runs/details/abc`) is answered by one of `patterns`. */
export function hasRoute(patterns: readonly string[], path: string): boolean {
  const segments = path.split('/').filter((part) => part !== '');
  return patterns.some((pattern) => {
    const parts = pattern.split('/').filter((part) => part !== '');
    return (
      parts.length === segments.length &&
      parts.every((part, i) => part.startsWith(':') || part === segments[i])
    );
  });
}
