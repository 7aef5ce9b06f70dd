import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { metadataStoreContract } from '../metadata-store.contract.js';
import { openSqliteMetadataStore } from './open-sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'skiff-metadata-contract-'));
let count = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

metadataStoreContract('SQLite file', () =>
  openSqliteMetadataStore(`sqlite://${join(dir, `db-${count++}`, 'skiff.db')}`),
);
metadataStoreContract('SQLite in memory', () => openSqliteMetadataStore('sqlite::memory:'));
