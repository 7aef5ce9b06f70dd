import { describe, expect, it } from 'vitest';
import { keyPrefixMatches, matchProvider, scopeOf } from './match-provider.js';
import type { StorageProvider } from './storage-types.js';

const provider = (fields: Partial<StorageProvider> & Pick<StorageProvider, 'scheme'>): StorageProvider => ({
  source: `test:${JSON.stringify(fields)}`,
  fieldSources: {},
  ...fields,
});

describe('matchProvider', () => {
  const providers = [
    provider({ scheme: 'minio', bucket: 'mlpipeline', keyPrefix: 'v2/', endpoint: 'a:9000' }),
    provider({ scheme: 'minio', bucket: 'mlpipeline', endpoint: 'b:9000' }),
    provider({ scheme: 'minio', endpoint: 'c:9000' }),
    provider({ scheme: 's3', region: 'eu-west-1' }),
    provider({ scheme: 'minio', endpoint: 'shadowed:9000' }),
  ];

  it('picks the first provider whose scheme, bucket and key prefix all match', () => {
    expect(matchProvider('minio://mlpipeline/v2/artifacts/run-1', providers)?.index).toBe(0);
    expect(matchProvider('minio://mlpipeline/v2', providers)?.index).toBe(0);
    expect(matchProvider('minio://mlpipeline/v1/x', providers)?.index).toBe(1);
    expect(matchProvider('minio://other-bucket/v2/x', providers)?.index).toBe(2);
    expect(matchProvider('s3://any/thing', providers)?.provider.region).toBe('eu-west-1');
  });

  it('compares key prefixes by whole path segments', () => {
    expect(matchProvider('minio://mlpipeline/v2x/a', providers)?.index).toBe(1);
    expect(keyPrefixMatches('/v2/a/', 'v2')).toBe(true);
    expect(keyPrefixMatches('v2', '/v2/')).toBe(true);
    expect(keyPrefixMatches('v20/a', 'v2')).toBe(false);
    expect(keyPrefixMatches('anything', '')).toBe(true);
  });

  it('matches no provider for another scheme, a gs:// root or text that is not a URI', () => {
    expect(matchProvider('gs://b/x', providers)).toBeUndefined();
    expect(matchProvider('file:///data', providers)).toBeUndefined();
    expect(matchProvider('not a uri', providers)).toBeUndefined();
    expect(matchProvider('s3://b/x', [])).toBeUndefined();
  });

  it('lets an earlier broad provider shadow a later narrow one (first match wins)', () => {
    const broadFirst = [provider({ scheme: 's3' }), provider({ scheme: 's3', bucket: 'b' })];
    expect(matchProvider('s3://b/x', broadFirst)?.index).toBe(0);
  });
});

describe('scopeOf', () => {
  it('writes scheme, bucket (or *) and the trimmed key prefix', () => {
    expect(scopeOf({ scheme: 'minio', bucket: 'mlpipeline', keyPrefix: '/v2/' })).toBe(
      'minio://mlpipeline/v2',
    );
    expect(scopeOf({ scheme: 's3' })).toBe('s3://*');
  });
});
