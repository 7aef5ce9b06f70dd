import { describe, expect, it } from 'vitest';
import { MASKED, maskAccessKey, maskSecretFields, maskUrlSecrets, maskValue } from './mask.js';

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

describe('maskUrlSecrets', () => {
  it('hides password-bearing query parameters of a URL (libpq: password, sslpassword), whatever their case', () => {
    expect(maskUrlSecrets('postgres://skiff@db/skiff?password=hunter2&sslmode=require')).toBe(
      'postgres://skiff@db/skiff?password=****&sslmode=require',
    );
    expect(maskUrlSecrets('postgresql://db/skiff?sslmode=verify-full&SSLPassword=k3y#frag')).toBe(
      'postgresql://db/skiff?sslmode=verify-full&SSLPassword=****#frag',
    );
    expect(maskUrlSecrets('postgres://u:p4ss@db/x?password=a&user=u')).toBe(
      'postgres://u:****@db/x?password=****&user=u',
    );
  });

  it('hides tokens, secrets and signatures in query strings, and keeps other parameters', () => {
    const masked = maskUrlSecrets(
      'https://h/o?X-Amz-Signature=abc&X-Amz-Credential=AK%2F1&token=t0k&api_key=k&secret=s&page=2',
    );
    expect(masked).toBe(
      'https://h/o?X-Amz-Signature=****&X-Amz-Credential=****&token=****&api_key=****&secret=****&page=2',
    );
  });

  it('is what maskValue does for url-password keys', () => {
    expect(maskValue('postgres://u@db/x?sslpassword=zz', 'url-password')).toBe(
      'postgres://u@db/x?sslpassword=****',
    );
  });
});

describe('maskSecretFields', () => {
  it('hides secret keys and session tokens at any depth and shortens access key ids', () => {
    const masked = maskSecretFields([
      {
        scheme: 'minio',
        credentials: { accessKeyId: 'AKIAEXAMPLE123', secretAccessKey: 'wJalrXUtnFEMI', sessionToken: 'tok' },
      },
    ]);
    expect(masked).toEqual([
      {
        scheme: 'minio',
        credentials: { accessKeyId: 'AKIA…', secretAccessKey: MASKED, sessionToken: MASKED },
      },
    ]);
    expect(JSON.stringify(masked)).not.toContain('wJalr');
  });

  it('masks a lone value by the field it sits under', () => {
    expect(maskSecretFields('wJalrXUtnFEMI', 'secretAccessKey')).toBe(MASKED);
    expect(maskSecretFields(42, 'accessKeyId')).toBe(MASKED);
    expect(maskSecretFields('eu-west-1', 'region')).toBe('eu-west-1');
  });

  it('fully masks an access key too short to shorten safely', () => {
    expect(maskAccessKey('minio')).toBe(MASKED);
    expect(maskAccessKey('minio123')).toBe('mini…');
  });
});
