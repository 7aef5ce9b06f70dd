import fs from 'node:fs/promises';
import path from 'node:path';
import type { AttemptContext } from '../engine/ports.js';
import { keyUnderRoot } from '../storage/uri.js';
import type { AttemptLayout } from './attempt-layout.js';
import type { StoreFor } from './stage-artifacts.js';

/**
 * Store an attempt's finished live log under its pipeline root; answers where it is: its URI, or
 * the local path when it could not be stored (the root is unreachable), which `skiff logs` reads;
 * at once (not a promise) when the log was written in its stored place. `made` holds directories
 * made already (once per run).
 */
export function storeAttemptLog(
  storeFor: StoreFor,
  context: AttemptContext,
  layout: AttemptLayout,
  made: Set<string>,
): string | Promise<string> {
  try {
    const store = storeFor(context.pipelineRoot);
    // Under a local root the live log was written in its stored place (unless its directory could
    // not be made): nothing to store, and nothing to wait for.
    if (store.localPath && layout.logUri.startsWith('file:') && layout.liveLogPath !== layout.localLogPath)
      return layout.logUri;
    return copyAttemptLog(store, layout, made);
  } catch {
    return layout.liveLogPath;
  }
}

async function copyAttemptLog(
  store: ReturnType<StoreFor>,
  layout: AttemptLayout,
  made: Set<string>,
): Promise<string> {
  try {
    const key = keyUnderRoot(layout.logUri, store.rootUri);
    // The live log is complete now: a hard link stores it with one system call on local stores.
    const local = store.localPath?.(key);
    if (local === layout.liveLogPath) return layout.logUri;
    if (!(local && (await tryLink(layout.liveLogPath, local, made))))
      await store.putPath(key, layout.liveLogPath);
    return layout.logUri;
  } catch {
    return layout.liveLogPath;
  }
}

/**
 * The planned live log path when its directory can be made (once per run), else the local path:
 * an unusable pipeline root must not keep a task from running and logging. At once (not a
 * promise) when there is no directory to make.
 */
export function usableLogPath(layout: AttemptLayout, made: Set<string>): string | Promise<string> {
  if (layout.liveLogPath === layout.localLogPath) return layout.liveLogPath;
  const dir = path.dirname(layout.liveLogPath);
  if (made.has(dir)) return layout.liveLogPath;
  return makeLogDir(layout, dir, made);
}

async function makeLogDir(layout: AttemptLayout, dir: string, made: Set<string>): Promise<string> {
  try {
    await fs.mkdir(dir, { recursive: true });
    made.add(dir);
    return layout.liveLogPath;
  } catch {
    return layout.localLogPath;
  }
}

/** Append `[skiff] line` to the attempt's log (best effort). */
export async function noteInLog(logPath: string, line: string): Promise<void> {
  try {
    await fs.mkdir(path.dirname(logPath), { recursive: true });
    await fs.appendFile(logPath, `[skiff] ${line}\n`);
  } catch {
    // The log is a convenience here: the failure itself is recorded with the attempt.
  }
}

async function tryLink(from: string, to: string, made: Set<string>): Promise<boolean> {
  try {
    const dir = path.dirname(to);
    if (!made.has(dir)) {
      await fs.mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await fs.link(from, to).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
      await fs.rm(to, { force: true });
      await fs.link(from, to);
    });
    return true;
  } catch {
    return false;
  }
}
