import { describe, expect, it } from 'vitest';
import { maskPostgresUrl, parsePostgresUrl } from './postgres-url.js';

describe('parsePostgresUrl', () => {
  it('reads host, port, database and user, and masks the password', () => {
    expect(parsePostgresUrl('postgres://skiff:s3cret@db.example:6543/runs?sslmode=require')).toStrictEqual({
      host: 'db.example',
      port: 6543,
      database: 'runs',
      user: 'skiff',
      masked: 'postgres://skiff:****@db.example:6543/runs?sslmode=require',
    });
  });

  it("fills in PostgreSQL's defaults: localhost, port 5432, the user's database", () => {
    expect(parsePostgresUrl('postgresql://ana@/')).toMatchObject({
      host: 'localhost',
      port: 5432,
      database: 'ana',
      user: 'ana',
    });
  });

  it('takes a socket directory from the host parameter or a percent-encoded host', () => {
    expect(parsePostgresUrl('postgres:///skiff?host=/var/run/postgresql').host).toBe('/var/run/postgresql');
    expect(parsePostgresUrl('postgres://%2Ftmp%2Fpg/skiff').host).toBe('/tmp/pg');
  });

  it('masks passwords given as query parameters too (libpq password, sslpassword)', () => {
    const target = parsePostgresUrl('postgres://skiff@db/runs?password=s3cret&sslpassword=k3y');
    expect(target.masked).toBe('postgres://skiff@db/runs?password=****&sslpassword=****');
    expect(maskPostgresUrl('postgres://h/d?PASSWORD=s3cret')).not.toContain('s3cret');
  });

  it('rejects text that is not a URL with SKIFF_METADATA_OPEN, without the password', () => {
    const error = (() => {
      try {
        return parsePostgresUrl('postgres://u:s3cret@host:notaport/db?sslpassword=k3y');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: 'SKIFF_METADATA_OPEN' });
    expect((error as Error).message).not.toContain('s3cret');
    expect((error as Error).message).not.toContain('k3y');
  });
});

describe('maskPostgresUrl', () => {
  it('leaves a URL without a password unchanged', () => {
    expect(maskPostgresUrl('postgres://skiff@db/runs')).toBe('postgres://skiff@db/runs');
  });
});
