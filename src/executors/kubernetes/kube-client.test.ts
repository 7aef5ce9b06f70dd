import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { apiError } from './kube-client.js';

const SERVER = 'https://127.0.0.1:6443';
const answer = (code: number, message: string) =>
  new ApiException(code, message, JSON.stringify({ kind: 'Status', message }), {});

describe('apiError', () => {
  it('says an invalid pod is to be corrected in the settings, not that the cluster is unreachable', () => {
    const error = apiError(
      'create pod p',
      SERVER,
      answer(422, 'Pod "p" is invalid: spec.nodeSelector: Invalid value: "a b"'),
    );
    expect(error.code).toBe('SKIFF_K8S_API');
    expect(error.message).toContain('HTTP 422: Pod "p" is invalid: spec.nodeSelector');
    expect(error.fix).toContain('executor.kubernetes.pod');
    expect(error.fix).not.toContain('reachable');
  });

  it('names a missing namespace as SKIFF_K8S_NAMESPACE with the command that makes it', () => {
    const error = apiError(
      'create secret skiff-storage',
      SERVER,
      answer(404, 'namespaces "no-such-ns" not found'),
    );
    expect(error.code).toBe('SKIFF_K8S_NAMESPACE');
    expect(error.message).toContain('namespace "no-such-ns" does not exist');
    expect(error.fix).toContain('kubectl create namespace no-such-ns');
  });

  it('keeps the permission fix for 403, a credentials fix for 401, and the reachability fix without an answer', () => {
    expect(apiError('list pods', SERVER, answer(403, 'forbidden')).fix).toContain('Grant the permission');
    expect(apiError('list pods', SERVER, answer(401, 'Unauthorized')).fix).toContain('credentials');
    expect(apiError('list pods', SERVER, new Error('connect ECONNREFUSED')).fix).toContain('reachable');
    expect(apiError('list pods', SERVER, answer(503, 'unavailable')).fix).toContain('failed to answer');
  });
});
