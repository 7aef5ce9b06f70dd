import { describe, expect, it } from 'vitest';
import { isSkiffError } from '../errors/index.js';
import { expandHome, expandHomeInUri, localPathOfUri } from './home-paths.js';

describe('expandHome', () => {
  it('expands ~ and ~/x and leaves other paths alone', () => {
    expect(expandHome('~', '/home/ada')).toBe('/home/ada');
    expect(expandHome('~/.skiff', '/home/ada')).toBe('/home/ada/.skiff');
    expect(expandHome('~bob/x', '/home/ada')).toBe('~bob/x');
    expect(expandHome('/srv/~/x', '/home/ada')).toBe('/srv/~/x');
  });
});

describe('expandHomeInUri', () => {
  it('expands a leading ~ after scheme:// only', () => {
    expect(expandHomeInUri('file://~/art', '/home/ada')).toBe('file:///home/ada/art');
    expect(expandHomeInUri('sqlite://~/skiff.db', '/home/ada')).toBe('sqlite:///home/ada/skiff.db');
    expect(expandHomeInUri('s3://bucket/~/x', '/home/ada')).toBe('s3://bucket/~/x');
    expect(expandHomeInUri('s3://~bucket', '/home/ada')).toBe('s3://~bucket');
  });
});

describe('localPathOfUri', () => {
  it('gives the path of file:// and sqlite:// URIs', () => {
    expect(localPathOfUri('file:///data/my%20art')).toBe('/data/my art');
    expect(localPathOfUri('sqlite:///home/ada/.skiff/skiff.db')).toBe('/home/ada/.skiff/skiff.db');
  });

  it('rejects other schemes with SKIFF_STORAGE_BAD_URI', () => {
    expect.assertions(1);
    try {
      localPathOfUri('s3://bucket/key');
    } catch (error) {
      expect(isSkiffError(error) && error.code).toBe('SKIFF_STORAGE_BAD_URI');
    }
  });
});
