import { describe, expect, it } from 'vitest';
import { failure, parts } from './pod-platform-fixtures.js';

describe('podPlatform: volumes', () => {
  it('mounts secrets, config maps and PVCs under unique DNS-1123 volume names', () => {
    const result = parts({
      secretAsVolume: [
        {
          secretNameParameter: { componentInputParameter: 'secret_name' },
          mountPath: '/mnt/a',
          optional: false,
        },
        { secretName: 'db-creds', mountPath: '/mnt/b' },
      ],
      configMapAsVolume: [{ configMapName: 'my.settings', mountPath: '/etc/settings', optional: true }],
      pvcMount: [
        {
          mountPath: '/data',
          subPath: 'run',
          pvcNameParameter: {
            taskOutputParameter: { producerTask: 'createpvc', outputParameterKey: 'name' },
          },
        },
      ],
    });
    expect(result.volumes).toEqual([
      { name: 'secret-db-creds', secret: { secretName: 'db-creds', optional: false } },
      { name: 'secret-db-creds-2', secret: { secretName: 'db-creds', optional: false } },
      { name: 'configmap-my-settings', configMap: { name: 'my.settings', optional: true } },
      { name: 'pvc-run-1-my-pvc', persistentVolumeClaim: { claimName: 'run-1-my-pvc' } },
    ]);
    expect(result.mounts).toEqual([
      { name: 'secret-db-creds', mountPath: '/mnt/a', readOnly: true },
      { name: 'secret-db-creds-2', mountPath: '/mnt/b', readOnly: true },
      { name: 'configmap-my-settings', mountPath: '/etc/settings', readOnly: true },
      { name: 'pvc-run-1-my-pvc', mountPath: '/data', subPath: 'run' },
    ]);
  });

  it("never names a volume skiff or skiff-*, which are Skiff's own", () => {
    const { volumes } = parts({
      emptyDirMounts: [
        { volumeName: 'skiff', mountPath: '/a' },
        { volumeName: 'Skiff-Data', mountPath: '/b', medium: 'Memory', sizeLimit: '1Gi' },
      ],
    });
    expect(volumes.map((v) => v.name)).toEqual(['user-skiff', 'user-skiff-data']);
    expect(volumes[1]?.emptyDir).toEqual({ medium: 'Memory', sizeLimit: '1Gi' });
  });

  it('adds shared memory at /dev/shm and generic ephemeral volumes with their claim template', () => {
    const result = parts({
      enabledSharedMemory: { volumeName: 'shm', size: '2Gi' },
      genericEphemeralVolume: [
        {
          volumeName: 'scratch',
          mountPath: '/scratch',
          accessModes: ['ReadWriteOnce'],
          size: '5Gi',
          defaultStorageClass: true,
          metadata: { labels: { team: 'ml' } },
        },
        {
          volumeName: 'fast',
          mountPath: '/fast',
          accessModes: ['ReadWriteOnce'],
          size: '1Gi',
          storageClassName: 'ssd',
        },
      ],
    });
    expect(result.mounts.map((m) => m.mountPath)).toEqual(['/dev/shm', '/scratch', '/fast']);
    expect(result.volumes[0]).toEqual({ name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '2Gi' } });
    expect(result.volumes[1]?.ephemeral?.volumeClaimTemplate).toEqual({
      metadata: { labels: { team: 'ml' }, annotations: {} },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } },
    });
    expect(result.volumes[2]?.ephemeral?.volumeClaimTemplate?.spec.storageClassName).toBe('ssd');
  });

  it('fails a relative or repeated mount path, a bad size and a bad access mode, naming the field', () => {
    expect(failure({ secretAsVolume: [{ secretName: 's', mountPath: 'mnt/s' }] }).location).toMatch(
      /secretAsVolume\[0\]\.mountPath$/,
    );
    const twice = failure({
      emptyDirMounts: [
        { volumeName: 'a', mountPath: '/x' },
        { volumeName: 'b', mountPath: '/x/' },
      ],
    });
    expect(twice.message).toContain('already used by emptyDirMounts[0].mountPath');
    expect(failure({ emptyDirMounts: [{ volumeName: 'a', mountPath: '/x', sizeLimit: 'lots' }] }).code).toBe(
      'SKIFF_K8S_PLATFORM',
    );
    const mode = failure({
      genericEphemeralVolume: [{ volumeName: 'v', mountPath: '/v', accessModes: ['ReadWrite'], size: '1Gi' }],
    });
    expect(mode.message).toContain('"ReadWrite"');
  });

  it('fails a PVC mount whose name resolves to nothing, as KFP does', () => {
    const error = failure({
      pvcMount: [{ mountPath: '/d', pvcNameParameter: { componentInputParameter: 'optional_name' } }],
    });
    expect(error.message).toContain('names no PersistentVolumeClaim');
  });
});
