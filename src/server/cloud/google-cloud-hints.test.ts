import { describe, expect, it } from 'vitest';
import { googleCloudHints } from './google-cloud-hints.js';

const laptop = async () => 'ThinkPad X1 Carbon';

describe('googleCloudHints', () => {
  it('finds none on a machine with no Google variable and another DMI product name', async () => {
    expect(
      await googleCloudHints({ env: { PATH: '/usr/bin', HOME: '/home/a' }, readProductName: laptop }),
    ).toEqual([]);
  });

  it('does not count plain Kubernetes (any cluster has KUBERNETES_SERVICE_HOST) as Google Cloud', async () => {
    const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', NODE_NAME: 'ip-10-0-0-1.ec2.internal' };
    expect(await googleCloudHints({ env, readProductName: laptop })).toEqual([]);
  });

  it('names each hint it finds', async () => {
    const env = {
      GCE_METADATA_HOST: '169.254.169.254',
      GOOGLE_CLOUD_PROJECT: 'p',
      GCLOUD_PROJECT: 'p',
      KUBERNETES_SERVICE_HOST: '10.0.0.1',
      NODE_NAME: 'gke-prod-default-pool-1a2b3c4d-xyz1',
      DISABLE_GKE_METADATA: 'false',
    };
    expect(await googleCloudHints({ env, readProductName: async () => 'Google Compute Engine' })).toEqual([
      'GCE_METADATA_HOST is set',
      'GOOGLE_CLOUD_PROJECT is set',
      'GCLOUD_PROJECT is set',
      'Kubernetes on a GKE node (NODE_NAME gke-…)',
      'Kubernetes with DISABLE_GKE_METADATA=false',
      'DMI product name is "Google Compute Engine"',
    ]);
  });

  it('ignores empty variables and treats a failing DMI reader as unknown, not as an error', async () => {
    const readProductName = async (): Promise<string> => {
      throw new Error('EACCES');
    };
    expect(await googleCloudHints({ env: { GOOGLE_CLOUD_PROJECT: ' ' }, readProductName })).toEqual([]);
  });
});
