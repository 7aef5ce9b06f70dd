import { describe, expect, it } from 'vitest';
import { MASKED, maskValue } from './mask.js';

describe('maskValue', () => {
  it('hides a whole secret value but leaves an unset one unset', () => {
    expect(maskValue('wJalrXUtnFEMI', 'secret')).toBe(MASKED);
    expect(maskValue(undefined, 'secret')).toBeUndefined();
    expect(maskValue('plain', undefined)).toBe('plain');
  });

  it('hides only the password of a URL, even one with unescaped / or @', () => {
    expect(maskValue('postgres://skiff:hunter2@db:5432/skiff', 'url-password')).toBe(
      'postgres://skiff:****@db:5432/skiff',
    );
    expect(maskValue('postgres://skiff:a/b@c@db/skiff', 'url-password')).toBe(
      'postgres://skiff:****@db/skiff',
    );
    expect(maskValue('postgres://skiff@db/skiff', 'url-password')).toBe('postgres://skiff@db/skiff');
    expect(maskValue('sqlite:///home/ada/.skiff/skiff.db', 'url-password')).toBe(
      'sqlite:///home/ada/.skiff/skiff.db',
    );
  });
});
