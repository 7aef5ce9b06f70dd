/**
 * The display name of the run a recurring run creates for the trigger at `scheduledAtMs`:
 * `<display_name>-<yyyyMMddHHmmss>` in UTC. Unique per trigger (triggers are ≥ 1 s apart), so a
 * restart can tell whether a trigger already made its run.
 */
export function triggeredRunName(displayName: string, scheduledAtMs: number): string {
  const stamp = new Date(scheduledAtMs).toISOString().slice(0, 19).replace(/[-:T]/g, '');
  return `${displayName}-${stamp}`;
}
