import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseSqliteUrl } from './sqlite-url.js';

describe('parseSqliteUrl', () => {
  it('reads absolute, relative and home-relative paths', () => {
    expect(parseSqliteUrl('sqlite:///var/lib/skiff.db')).toEqual({ kind: 'file', path: '/var/lib/skiff.db' });
    expect(parseSqliteUrl('sqlite://data/skiff.db', '/work')).toEqual({
      kind: 'file',
      path: '/work/data/skiff.db',
    });
    expect(parseSqliteUrl('sqlite:data/skiff.db', '/work')).toEqual({
      kind: 'file',
      path: '/work/data/skiff.db',
    });
    expect(parseSqliteUrl('sqlite://~/.skiff/skiff.db')).toEqual({
      kind: 'file',
      path: `${homedir()}/.skiff/skiff.db`,
    });
  });

  it('reads both spellings of an in-memory database', () => {
    expect(parseSqliteUrl('sqlite::memory:')).toEqual({ kind: 'memory' });
    expect(parseSqliteUrl('sqlite://:memory:')).toEqual({ kind: 'memory' });
  });

  it('rejects a URL without a path or of another scheme with SKIFF_METADATA_OPEN', () => {
    expect(() => parseSqliteUrl('sqlite://')).toThrow(
      expect.objectContaining({ code: 'SKIFF_METADATA_OPEN' }),
    );
    expect(() => parseSqliteUrl('postgres://h/db')).toThrow(
      expect.objectContaining({ code: 'SKIFF_METADATA_OPEN' }),
    );
  });
});
