import {
  type EnvCatalog,
  formatBytes,
  type PruneItem,
  type PruneResult,
} from '../launcher/python-envs/index.js';
import { cell, formatAgo, table } from './format.js';

/** `skiff envs list`: a table of environments, the total size and directory, then the leftovers. */
export function formatCatalog(catalog: EnvCatalog, nowMs: number): string {
  const lines: string[] = [];
  if (catalog.envs.length === 0) {
    lines.push(
      `no Python environments under ${catalog.envsDir}: one is made for each distinct packages_to_install of a Python component`,
    );
  } else {
    const rows = [['KEY', 'PYTHON', 'REQUIREMENTS', 'SIZE', 'LAST USED', 'PIPELINES']];
    for (const env of catalog.envs) {
      rows.push([
        env.key,
        env.manifest.pythonVersion,
        cell(env.manifest.requirements.join(' '), 40),
        formatBytes(env.sizeBytes),
        formatAgo(env.lastUsedMs, nowMs),
        cell(env.pipelines.join(', '), 40),
      ]);
    }
    const totalBytes = catalog.envs.reduce((sum, env) => sum + env.sizeBytes, 0);
    const count = plural(catalog.envs.length, 'environment');
    lines.push(table(rows), `total ${formatBytes(totalBytes)} in ${count} under ${catalog.envsDir}`);
  }
  if (catalog.leftovers.length > 0) {
    const rows = [['LEFTOVER', 'KIND', 'SIZE', 'CHANGED']];
    for (const l of catalog.leftovers)
      rows.push([l.path, l.kind, formatBytes(l.sizeBytes), formatAgo(l.modifiedMs, nowMs)]);
    lines.push('', 'leftovers of builds and removals (`skiff envs prune` removes them):', table(rows));
  }
  return `${lines.join('\n')}\n`;
}

/** `skiff envs prune`: one line per removed or locked item, then what was freed and kept. */
export function formatPrune(result: PruneResult, olderThan: string, nowMs: number): string {
  const verb = result.dryRun ? 'would remove' : 'removed';
  const lines = result.removed.map((item) => `${verb} ${describe(item, nowMs)}`);
  for (const item of result.kept.filter((k) => k.reason === 'in use'))
    lines.push(
      `kept ${describe(item, nowMs)}: in use (${item.kind === 'env' ? 'a build holds its lock' : 'a build may still use it'})`,
    );
  const envs = result.removed.filter((item) => item.kind === 'env').length;
  const leftovers = result.removed.length - envs;
  const recent = result.kept.filter((k) => k.reason === 'recently used').length;
  lines.push(
    `${result.dryRun ? 'would free' : 'freed'} ${formatBytes(result.freedBytes)} (${plural(envs, 'environment')}, ${plural(leftovers, 'leftover')})` +
      (recent > 0 ? `; kept ${plural(recent, 'environment')} used within ${olderThan}` : '') +
      ` (${result.envsDir})`,
  );
  return `${lines.join('\n')}\n`;
}

function describe(item: PruneItem, nowMs: number): string {
  const size = formatBytes(item.sizeBytes);
  if (item.kind !== 'env') return `leftover ${item.path} (${item.kind}, ${size})`;
  const used = item.lastUsedMs === undefined ? '' : `, last used ${formatAgo(item.lastUsedMs, nowMs)}`;
  const by = item.pipelines?.length ? ` by ${item.pipelines.join(', ')}` : '';
  return `environment ${item.key} (${size}${used}${by})`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
