import { describe, expect, it } from 'vitest';
import { SkiffError } from '../errors/index.js';
import { errorResponse } from './http-errors.js';

describe('errorResponse', () => {
  it('answers a full disk nothing expected as SKIFF_DISK_FULL (500, the path named), not SKIFF_INTERNAL', () => {
    const error = Object.assign(new Error('ENOSPC: no space left on device'), {
      code: 'ENOSPC',
      path: '/srv/x',
    });
    const { status, body } = errorResponse(error);
    expect(status).toBe(500);
    expect(body.details[0]).toMatchObject({ reason: 'SKIFF_DISK_FULL' });
    expect(body.message).toContain('/srv/x is on a full disk');
  });

  it('answers 403 for a forbidden artifact and 503 while starting', () => {
    expect(errorResponse(new SkiffError('SKIFF_ARTIFACT_FORBIDDEN', 'x')).status).toBe(403);
    expect(errorResponse(new SkiffError('SKIFF_SERVER_STARTING', 'x')).status).toBe(503);
  });

  it('still hides an unexpected error behind SKIFF_INTERNAL', () => {
    const { status, body } = errorResponse(new TypeError('x is undefined'));
    expect(status).toBe(500);
    expect(body.message).not.toContain('x is undefined');
  });
});
