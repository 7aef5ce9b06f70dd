import { afterEach, beforeEach, describe } from 'vitest';
import { catalogStoreContract } from './contract/catalog-contract.js';
import { concurrencyContract } from './contract/concurrency-contract.js';
import { experimentCascadeContract } from './contract/experiment-cascade-contract.js';
import { lineageStoreContract } from './contract/lineage-contract.js';
import { recurringRunStoreContract } from './contract/recurring-run-contract.js';
import { runStoreContract } from './contract/run-contract.js';
import { runPageContract } from './contract/run-page-contract.js';
import { serverLeaseContract } from './contract/server-lease-contract.js';
import { serverSecretContract } from './contract/server-secret-contract.js';
import { taskAttemptContract } from './contract/task-attempt-contract.js';
import { taskStoreContract } from './contract/task-contract.js';
import type { MetadataStore } from './metadata-store.js';

/**
 * Registers the MetadataStore contract tests under `describe(name)`. `open` must return a fresh,
 * empty, migrated store each time; the suite closes it after each test.
 */
export function metadataStoreContract(name: string, open: () => Promise<MetadataStore>): void {
  describe(`MetadataStore contract: ${name}`, () => {
    let current: MetadataStore | undefined;
    const store = (): MetadataStore => {
      if (current === undefined) throw new Error('metadata store contract: store used outside a test');
      return current;
    };
    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    describe('runs', () => runStoreContract(store));
    describe('a page of runs and the artifacts of a run', () => runPageContract(store));
    describe('tasks', () => taskStoreContract(store));
    describe('a task with its first attempt', () => taskAttemptContract(store));
    describe('attempts, artifacts and cache', () => lineageStoreContract(store));
    describe('pipelines, versions and experiments', () => catalogStoreContract(store));
    describe('concurrent callers', () => concurrencyContract(store));
    describe('recurring runs', () => recurringRunStoreContract(store));
    describe('server secrets', () => serverSecretContract(store));
    describe('server leases', () => serverLeaseContract(store));
    describe('archiving and deleting experiments', () => experimentCascadeContract(store));
  });
}
