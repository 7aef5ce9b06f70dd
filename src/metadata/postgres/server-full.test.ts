import { describe, expect, it } from 'vitest';
import { parsePostgresUrl } from './postgres-url.js';
import { translatePostgresError } from './server-full.js';

const target = parsePostgresUrl('postgres://skiff:pw@db.example:5433/runs');

describe('translatePostgresError', () => {
  it('makes disk_full (53100) SKIFF_DISK_FULL naming the server, not the password', () => {
    const error = Object.assign(new Error('could not extend file "base/1/2": No space left on device'), {
      code: '53100',
    });
    const translated = translatePostgresError(error, target);
    expect(translated).toMatchObject({ code: 'SKIFF_DISK_FULL', kind: 'SYSTEM' });
    expect((translated as Error).message).toContain('PostgreSQL at db.example:5433 (database "runs")');
    expect((translated as Error).message).not.toContain('pw');
  });

  it('makes a full-disk message under another SQLSTATE SKIFF_DISK_FULL too', () => {
    const error = Object.assign(
      new Error('could not write to file "base/pgsql_tmp/pgsql_tmp12.0": No space left on device'),
      { code: '58030' },
    );
    const translated = translatePostgresError(error, target);
    expect(translated).toMatchObject({ code: 'SKIFF_DISK_FULL' });
    expect((translated as Error).message).toContain('SQLSTATE 58030');
    const atConnect = Object.assign(new Error('could not write init file'), { code: 'XX000' });
    expect(translatePostgresError(atConnect, target)).toMatchObject({ code: 'SKIFF_DISK_FULL' });
  });

  it('passes other errors on unchanged', () => {
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(translatePostgresError(unique, target)).toBe(unique);
  });
});
