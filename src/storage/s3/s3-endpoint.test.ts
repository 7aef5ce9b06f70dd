import { describe, expect, it } from 'vitest';
import { isSkiffError } from '../../errors/index.js';
import { normalizeS3Endpoint } from './s3-endpoint.js';

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return isSkiffError(error) ? error.code : `other: ${String(error)}`;
  }
  return 'none';
}

describe('normalizeS3Endpoint', () => {
  it('adds the scheme that `secure` asks for to a bare host or host:port', () => {
    expect(normalizeS3Endpoint('minio.kf-storage.svc.cluster.local:80', false)).toEqual({
      url: 'http://minio.kf-storage.svc.cluster.local',
      secure: false,
    });
    expect(normalizeS3Endpoint('minio:9000', false)).toEqual({ url: 'http://minio:9000', secure: false });
    expect(normalizeS3Endpoint('s3.example.com', true)).toEqual({
      url: 'https://s3.example.com',
      secure: true,
    });
    expect(normalizeS3Endpoint('  127.0.0.1:7480 ', true)).toEqual({
      url: 'https://127.0.0.1:7480',
      secure: true,
    });
  });

  it('lets a scheme in the endpoint win over `secure`', () => {
    expect(normalizeS3Endpoint('http://127.0.0.1:9000', true)).toEqual({
      url: 'http://127.0.0.1:9000',
      secure: false,
    });
    expect(normalizeS3Endpoint('HTTPS://Host.Example:8443/', false)).toEqual({
      url: 'https://host.example:8443',
      secure: true,
    });
  });

  it('accepts IPv6 literals with and without brackets', () => {
    expect(normalizeS3Endpoint('[::1]:9000', false)).toEqual({ url: 'http://[::1]:9000', secure: false });
    expect(normalizeS3Endpoint('::1', false)).toEqual({ url: 'http://[::1]', secure: false });
    expect(normalizeS3Endpoint('https://[fe80::1]:443', false)).toEqual({
      url: 'https://[fe80::1]',
      secure: true,
    });
  });

  it.each([
    ['an empty string', ''],
    ['another scheme', 'ftp://host'],
    ['a path', 'http://host:9000/bucket'],
    ['a query', 'host:9000?x=1'],
    ['user info', 'http://user:pw@host'],
    ['a port out of range', 'host:70000'],
    ['a non-numeric port', 'host:abc'],
    ['spaces inside', 'my host:9000'],
    ['a zero port', 'host:0'],
  ])('rejects an endpoint with %s with SKIFF_STORAGE_BAD_URI', (_what, endpoint) => {
    expect(codeOf(() => normalizeS3Endpoint(endpoint, false))).toBe('SKIFF_STORAGE_BAD_URI');
  });
});
