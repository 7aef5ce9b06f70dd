import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiLogUri, headerSafeUri } from './log-uri.js';

describe('apiLogUri', () => {
  it('turns the local path of a live log into its file:// URI and keeps URIs as they are', () => {
    expect(apiLogUri('/home/józef/.skiff/logs/a b/x.log')).toBe(
      'file:///home/j%C3%B3zef/.skiff/logs/a%20b/x.log',
    );
    expect(apiLogUri('file:///tmp/x.log')).toBe('file:///tmp/x.log');
    expect(apiLogUri('s3://bucket/logs/x.log')).toBe('s3://bucket/logs/x.log');
  });
});

describe('headerSafeUri', () => {
  it('percent-encodes what a header cannot carry and keeps escapes already there', () => {
    const raw = 'file:///tmp/дом/€ x/a%20b.log';
    const safe = headerSafeUri(raw);
    expect(safe).toMatch(/^[\x21-\x7e]+$/);
    expect(safe).toContain('a%20b.log');
    expect(fileURLToPath(safe)).toBe('/tmp/дом/€ x/a b.log');
  });
});
