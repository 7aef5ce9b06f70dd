import { describe, expect, it } from 'vitest';
import { type EnvSpec, envKey } from './env-spec.js';

const SPEC: EnvSpec = {
  interpreter: '/usr/bin/python3.11',
  interpreterStamp: '6000000-1700000000000',
  requirements: ['pandas==2.2.2', 'requests'],
  options: ['--index-url', 'https://example.test/simple'],
  systemSitePackages: false,
  seedPip: false,
};

describe('envKey', () => {
  it('is 20 hex digits, the same for the same requirements in any order', () => {
    expect(envKey(SPEC)).toMatch(/^[0-9a-f]{20}$/);
    expect(envKey({ ...SPEC, requirements: ['requests', 'pandas==2.2.2'] })).toBe(envKey(SPEC));
  });

  it('differs for another pin, index, interpreter, interpreter build or site-packages setting', () => {
    const keys = [
      envKey(SPEC),
      envKey({ ...SPEC, requirements: ['pandas==1.5.3', 'requests'] }),
      envKey({ ...SPEC, options: [] }),
      envKey({ ...SPEC, interpreter: '/usr/bin/python3.12' }),
      envKey({ ...SPEC, interpreterStamp: '6000001-1700000000000' }),
      envKey({ ...SPEC, systemSitePackages: true }),
      envKey({ ...SPEC, seedPip: true }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});
