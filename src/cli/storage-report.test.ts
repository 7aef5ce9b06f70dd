import { describe, expect, it } from 'vitest';
import { SAMPLE_STORAGE } from '../metadata/contract/fixtures.js';
import { storageLines } from './storage-report.js';

describe('storageLines', () => {
  it('names the root, the endpoint and the source of each value, and never a secret', () => {
    const text = storageLines(SAMPLE_STORAGE).join('\n');
    expect(text).toContain(
      'storage: minio://mlpipeline/v2 (kfp-launcher:/etc/kfp/launcher.yaml#defaultPipelineRoot)',
    );
    expect(text).toContain(
      'endpoint http://minio.kf-storage.svc.cluster.local:80 (env:MINIO_HOST+MINIO_PORT)',
    );
    expect(text).toContain('TLS off');
    expect(text).toContain('path-style');
    expect(text).toContain('provider minio from env:MINIO_HOST');
  });

  it('says local files for a file:// root', () => {
    const lines = storageLines({
      pipelineRoot: 'file:///data',
      pipelineRootSource: 'default',
      provider: null,
    });
    expect(lines).toEqual(['storage: file:///data (default), local files']);
  });
});
