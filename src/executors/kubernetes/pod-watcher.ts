import type { V1Pod } from '@kubernetes/client-node';
import type { Logger } from '../../engine/ports.js';
import type { KubeApi, PodWatchHandle } from './kube-api.js';
import { MANAGED_BY_SKIFF } from './pod-spec.js';

/** A change of one watched pod: its new state, or its deletion. */
export type PodEvent =
  | { readonly kind: 'pod'; readonly pod: V1Pod }
  | { readonly kind: 'deleted'; readonly pod: V1Pod };

const RESTART_MIN_MS = 500;
const RESTART_MAX_MS = 30_000;

/**
 * One watch of Skiff's pods in a namespace, shared by every attempt: a list, then a watch from its
 * resource version, resumed from the last version seen after a disconnect and listed again when
 * that version is too old (410 Gone), so no transition is missed. Attempts follow their pod by name.
 */
export class PodWatcher {
  readonly #pods = new Map<string, V1Pod>();
  readonly #listeners = new Map<string, Set<(event: PodEvent) => void>>();
  readonly #handle: PodWatchHandle;
  readonly #log: Logger;
  #started: Promise<void> | undefined;
  #restartMs = RESTART_MIN_MS;
  #restartTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(api: KubeApi, namespace: string, log: Logger) {
    this.#log = log;
    this.#handle = api.watchPods(namespace, MANAGED_BY_SKIFF, {
      onPod: (pod) => this.#changed({ kind: 'pod', pod }),
      onDeleted: (pod) => this.#changed({ kind: 'deleted', pod }),
      onConnect: () => {
        this.#restartMs = RESTART_MIN_MS;
      },
      onError: (error) => this.#failed(error, namespace),
    });
  }

  /** Start watching (once); resolves when the first list is in. */
  ready(): Promise<void> {
    this.#started ??= this.#handle.start();
    return this.#started;
  }

  /** Every watched pod, as last seen. */
  pods(): V1Pod[] {
    return [...this.#pods.values()];
  }

  /** The pod as last seen, if it is known. */
  pod(name: string): V1Pod | undefined {
    return this.#pods.get(name);
  }

  /** Call `listener` on each change of pod `name` (at once when it is known); returns the unsubscribe. */
  follow(name: string, listener: (event: PodEvent) => void): () => void {
    let set = this.#listeners.get(name);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    set.add(listener);
    const known = this.#pods.get(name);
    if (known !== undefined) queueMicrotask(() => listener({ kind: 'pod', pod: known }));
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(name);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#restartTimer);
    await this.#handle.stop().catch(() => {});
  }

  #changed(event: PodEvent): void {
    const name = event.pod.metadata?.name;
    if (name === undefined) return;
    if (event.kind === 'deleted') this.#pods.delete(name);
    else this.#pods.set(name, event.pod);
    for (const listener of this.#listeners.get(name) ?? []) listener(event);
  }

  #failed(error: unknown, namespace: string): void {
    if (this.#closed) return;
    const delayMs = this.#restartMs;
    this.#restartMs = Math.min(this.#restartMs * 2, RESTART_MAX_MS);
    this.#log.warn({ namespace, error: String(error) }, `pod watch failed; watching again in ${delayMs} ms`);
    this.#restartTimer = setTimeout(() => {
      this.#handle.start().catch((again: unknown) => this.#failed(again, namespace));
    }, delayMs);
    this.#restartTimer.unref();
  }
}
