import { describe, expect, it } from 'vitest';
import { isSkiffError } from '../errors/index.js';
import { checkPipelineRootUri, fileUriToPath, keyUnderRoot, parseStorageUri, pathToFileUri } from './uri.js';

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return isSkiffError(error) ? error.code : 'other';
  }
  return 'none';
}

describe('storage URIs', () => {
  it('splits object-store URIs into scheme, bucket and path', () => {
    expect(parseStorageUri('s3://bucket/a/b/')).toEqual({ scheme: 's3', bucket: 'bucket', path: 'a/b' });
    expect(parseStorageUri('minio://mlpipeline')).toEqual({
      scheme: 'minio',
      bucket: 'mlpipeline',
      path: '',
    });
    expect(parseStorageUri('GS://b/x')).toEqual({ scheme: 'gs', bucket: 'b', path: 'x' });
  });

  it('maps file:// URIs to absolute paths and back', () => {
    expect(parseStorageUri('file:///home/me/art')).toEqual({
      scheme: 'file',
      bucket: '',
      path: 'home/me/art',
    });
    expect(fileUriToPath('file:///home/me/art')).toBe('/home/me/art');
    expect(fileUriToPath('file://localhost/tmp/x')).toBe('/tmp/x');
    expect(pathToFileUri('/tmp/a b/')).toBe('file:///tmp/a%20b');
    expect(pathToFileUri('/')).toBe('file:///');
    expect(fileUriToPath(pathToFileUri('/tmp/a b'))).toBe('/tmp/a b');
    expect(fileUriToPath('file:///tmp/a%20b')).toBe('/tmp/a b');
  });

  it('rejects URIs without a scheme, and file URIs with a host, with SKIFF_STORAGE_BAD_URI', () => {
    expect(codeOf(() => parseStorageUri('/just/a/path'))).toBe('SKIFF_STORAGE_BAD_URI');
    expect(codeOf(() => parseStorageUri('file://server/share'))).toBe('SKIFF_STORAGE_BAD_URI');
    expect(codeOf(() => fileUriToPath('s3://b/k'))).toBe('SKIFF_STORAGE_BAD_URI');
  });

  it('computes the key of a URI under a store root and refuses URIs outside it', () => {
    expect(keyUnderRoot('s3://b/root/x/y', 's3://b/root')).toBe('x/y');
    expect(keyUnderRoot('s3://b/root/x', 's3://b/root/')).toBe('x');
    expect(codeOf(() => keyUnderRoot('s3://b/rooted/x', 's3://b/root'))).toBe('SKIFF_STORAGE_BAD_URI');
    expect(keyUnderRoot('file:///tmp/a%20b/k%20l/m', 'file:///tmp/a b')).toBe('k l/m');
    expect(codeOf(() => keyUnderRoot('file:///tmp/other/x', 'file:///tmp/a'))).toBe('SKIFF_STORAGE_BAD_URI');
  });
});

describe('checkPipelineRootUri', () => {
  it('accepts roots that paths can be added to, and refuses a query, a fragment or a control character', () => {
    for (const ok of ['file:///tmp/a b/c', 'file:///tmp/%C3%A9', 's3://bucket/prefix', 'minio://b']) {
      expect(() => checkPipelineRootUri(ok, 'test')).not.toThrow();
    }
    for (const [bad, why] of [
      ['file:///tmp/q?y', /query or fragment/],
      ['s3://bucket/p#x', /query or fragment/],
      ['file:///tmp/x\ty', /control character/],
      ['file:///tmp/x%00y', /encoded NUL/],
    ] as const) {
      expect(() => checkPipelineRootUri(bad, 'env:SKIFF_PIPELINE_ROOT'), bad).toThrow(
        expect.objectContaining({ code: 'SKIFF_STORAGE_BAD_URI', message: expect.stringMatching(why) }),
      );
    }
  });
});
