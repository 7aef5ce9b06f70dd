import { describe, expect, it } from 'vitest';
import type { StorageProvider } from '../../config/index.js';
import { podStorage } from './storage-secret.js';

const provider = (accessKeyId: string, endpoint = 'http://127.0.0.1:9000'): StorageProvider =>
  ({
    scheme: 's3',
    bucket: 'data',
    endpoint,
    credentials: { kind: 'keys', accessKeyId, secretAccessKey: `${accessKeyId}-secret` },
    source: 'test',
  }) as unknown as StorageProvider;

describe('podStorage', () => {
  it('names Secret keys by what they hold, so runs with other settings in one namespace keep theirs', async () => {
    const one = await podStorage([provider('AKIA-ONE')], 'ns');
    const again = await podStorage([provider('AKIA-ONE')], 'ns');
    const other = await podStorage([provider('AKIA-TWO')], 'ns');
    const elsewhere = await podStorage([provider('AKIA-ONE', 'http://127.0.0.1:9001')], 'ns');
    const keys = (made: typeof one) => Object.keys(made.secret.data ?? {});
    expect(keys(again)).toEqual(keys(one));
    for (const different of [other, elsewhere]) {
      expect(keys(different).filter((key) => keys(one).includes(key))).toEqual([]);
    }
    // The pod reads its own keys, whatever the position of the provider.
    expect(one.env.map((e) => e.key)).toEqual(keys(one));
    expect(one.env.map((e) => e.name)).toEqual(['SKIFF_S3_0_ACCESS_KEY_ID', 'SKIFF_S3_0_SECRET_ACCESS_KEY']);
    expect(Buffer.from(one.secret.data![keys(one)[0]!]!, 'base64').toString()).toBe('AKIA-ONE');
  });
});
