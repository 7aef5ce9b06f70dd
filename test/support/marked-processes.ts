import { readdirSync, readFileSync } from 'node:fs';

/**
 * Processes whose environment carries `CTRL_C_MARK=<mark>` (everything a test's skiff started,
 * when the test set that variable), other than zombies: `PID COMMAND LINE`.
 */
export function marked(mark: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').includes(`CTRL_C_MARK=${mark}`)) continue;
      if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'latin1'))) continue;
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ')}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** The marked processes still there after waiting up to 5 s for them to go. */
export async function noneLeft(mark: string): Promise<string[]> {
  for (let i = 0; i < 50 && marked(mark).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  return marked(mark);
}
