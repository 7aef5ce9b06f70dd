import { describe, expect, it } from 'vitest';
import { SkiffError } from '../errors/index.js';
import { errorResponse } from './http-errors.js';

describe('errorResponse', () => {
  it('answers a full disk nothing expected as SKIFF_DISK_FULL (507, the path named), not SKIFF_INTERNAL', () => {
    const error = Object.assign(new Error('ENOSPC: no space left on device'), {
      code: 'ENOSPC',
      path: '/srv/x',
    });
    const { status, body } = errorResponse(error);
    expect(status).toBe(507);
    expect(body.details[0]).toMatchObject({ reason: 'SKIFF_DISK_FULL' });
    expect(body.message).toContain('/srv/x is on a full disk');
  });

  it('answers 403 for a forbidden artifact and 503 while starting', () => {
    expect(errorResponse(new SkiffError('SKIFF_ARTIFACT_FORBIDDEN', 'x')).status).toBe(403);
    expect(errorResponse(new SkiffError('SKIFF_SERVER_STARTING', 'x')).status).toBe(503);
  });

  it('answers a failing store the server depends on with 502 (object storage) or 503 (metadata), not 400 or 500', () => {
    for (const code of [
      'SKIFF_STORAGE_UNREACHABLE',
      'SKIFF_STORAGE_TLS',
      'SKIFF_STORAGE_DENIED',
      'SKIFF_STORAGE_IO',
    ] as const) {
      const { status, body } = errorResponse(new SkiffError(code, 'the endpoint said no'));
      expect([code, status, body.code]).toEqual([code, 502, 14]);
    }
    expect(errorResponse(new SkiffError('SKIFF_METADATA_OPEN', 'x')).status).toBe(503);
    expect(errorResponse(new SkiffError('SKIFF_STORAGE_NOT_FOUND', 'x')).status).toBe(404);
    expect(errorResponse(new SkiffError('SKIFF_API_BAD_REQUEST', 'x')).status).toBe(400);
    expect(errorResponse(new SkiffError('SKIFF_METADATA_CONFLICT', 'x')).status).toBe(500);
  });

  it('still hides an unexpected error behind SKIFF_INTERNAL', () => {
    const { status, body } = errorResponse(new TypeError('x is undefined'));
    expect(status).toBe(500);
    expect(body.message).not.toContain('x is undefined');
  });
});
