import { toDnsLabel } from './k8s-names.js';

/** The volume name Skiff's own pod parts use; it and `skiff-*` are never given to a platform volume. */
export const SKIFF_VOLUME = 'skiff';

/** Hands out unique DNS-1123 volume names for one pod, never `skiff` or `skiff-*`. */
export class VolumeNames {
  private readonly used = new Set<string>();

  /** A unique volume name made from `wanted` (e.g. `secret-db-creds`); a clash gets `-2`, `-3`... */
  allocate(wanted: string): string {
    let base = toDnsLabel(wanted) || 'volume';
    if (base === SKIFF_VOLUME || base.startsWith(`${SKIFF_VOLUME}-`)) base = toDnsLabel(`user-${base}`);
    let name = base;
    for (let n = 2; this.used.has(name); n += 1) {
      const suffix = `-${n}`;
      name = `${toDnsLabel(base, 63 - suffix.length)}${suffix}`;
    }
    this.used.add(name);
    return name;
  }
}
