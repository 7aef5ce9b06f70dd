import fs from 'node:fs/promises';
import path from 'node:path';
import { SkiffError } from '../errors/index.js';

/** A symbolic link that leads out of a tree: where it is (relative, `.` for the root) and what it says. */
export interface OutsideLink {
  readonly link: string;
  readonly target: string;
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (relative !== '..' && !relative.startsWith('../') && !path.isAbsolute(relative));
}

/**
 * Every symbolic link under `root` that does not stay inside it: `root` itself when it is a link,
 * a link with an absolute target (it would point at the old place once the tree moves), and a
 * relative one that resolves (through `..` or other links) outside. Links are never followed while
 * walking. A missing `root` has none.
 */
export async function linksOutside(root: string): Promise<OutsideLink[]> {
  const stat = await fs.lstat(root).catch(() => undefined);
  if (stat === undefined) return [];
  if (stat.isSymbolicLink()) return [{ link: '.', target: await fs.readlink(root) }];
  if (!stat.isDirectory()) return [];
  const realRoot = await fs.realpath(root);
  const entries = await fs.readdir(root, { withFileTypes: true, recursive: true });
  const found: OutsideLink[] = [];
  for (const entry of entries) {
    if (!entry.isSymbolicLink()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const target = await fs.readlink(file);
    const relative = path.relative(root, file);
    if (path.isAbsolute(target)) {
      found.push({ link: relative, target });
      continue;
    }
    const lexical = path.resolve(realRoot, path.dirname(relative), target);
    const real = await fs.realpath(lexical).catch(() => lexical);
    if (!isInside(lexical, realRoot) || !isInside(real, realRoot)) found.push({ link: relative, target });
  }
  return found;
}

/**
 * Throw SKIFF_OUTPUT_LINK when `localPath` (an artifact about to be stored) is, or holds, a symbolic
 * link out of itself: such a link would let whoever reads the artifact (the server's artifact API)
 * read files of this machine. `what` names the artifact.
 */
export async function refuseLinksOutside(localPath: string, what: string): Promise<void> {
  const outside = await linksOutside(localPath);
  if (outside.length === 0) return;
  const shown = outside
    .slice(0, 3)
    .map(({ link, target }) => (link === '.' ? `it is a link to ${target}` : `${link} -> ${target}`))
    .join(', ');
  const more = outside.length > 3 ? ` and ${outside.length - 3} more` : '';
  throw new SkiffError(
    'SKIFF_OUTPUT_LINK',
    `${what} (${localPath}) holds a symbolic link out of the artifact: ${shown}${more}; Skiff neither stores nor serves such links`,
  );
}
