import { describe, expect, it } from 'vitest';
import { type PvcStepContext, pvcStep } from './pvc-steps.js';

const RUN = '0f3c2a5e-1b2c-4d5e-8f90-123456789abc';
const create = (
  parameters: PvcStepContext['parameters'],
  taskPath = 'createpvc',
): ReturnType<typeof pvcStep> =>
  pvcStep({ runId: RUN, taskPath, executorLabel: 'exec-createpvc', image: 'argostub/createpvc', parameters });

describe('pvcStep', () => {
  it("builds the claim of pipeline_with_volume's CreatePVC step, named after the run and task with the suffix", () => {
    const result = create({
      access_modes: ['ReadWriteOnce'],
      pvc_name_suffix: '-my-pvc',
      size: '5Mi',
      storage_class_name: 'standard',
    });
    if (!result?.ok || result.step.kind !== 'create') throw new Error('expected a create step');
    const { pvc, outputs } = result.step;
    expect(outputs.name).toMatch(new RegExp(`^${RUN}-[0-9a-f]{8}-my-pvc$`));
    expect(pvc).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: outputs.name, labels: { 'skiff.dev/run': RUN }, annotations: {} },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '5Mi' } },
        storageClassName: 'standard',
      },
    });
  });

  it('gives the same name on every attempt of a task and different names to loop iterations', () => {
    const name = (path: string) => {
      const result = create({ access_modes: ['ReadWriteOnce'], pvc_name_suffix: '-p', size: '1Gi' }, path);
      return result?.ok && result.step.kind === 'create' ? result.step.outputs.name : undefined;
    };
    expect(name('for-loop-2[0].createpvc')).toBe(name('for-loop-2[0].createpvc'));
    expect(name('for-loop-2[0].createpvc')).not.toBe(name('for-loop-2[1].createpvc'));
  });

  it('uses pvc_name as given, with annotations, volume name and data source, and no class when none is given', () => {
    const result = create({
      pvc_name: 'shared-data',
      access_modes: ['ReadWriteMany'],
      size: '10Gi',
      annotations: { 'example.com/owner': 'ml' },
      volume_name: 'pv-1',
      data_source: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'snap' },
    });
    expect(result?.ok && result.step).toMatchObject({
      kind: 'create',
      outputs: { name: 'shared-data' },
      pvc: {
        metadata: { name: 'shared-data', annotations: { 'example.com/owner': 'ml' } },
        spec: {
          volumeName: 'pv-1',
          dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'snap' },
        },
      },
    });
    expect(result?.ok && result.step.kind === 'create' && 'storageClassName' in result.step.pvc.spec!).toBe(
      false,
    );
  });

  it('plans a DeletePVC step and ignores images that are not PVC stubs', () => {
    const del = pvcStep({
      runId: RUN,
      taskPath: 'deletepvc',
      executorLabel: 'exec-deletepvc',
      image: 'argostub/deletepvc:latest',
      parameters: { pvc_name: 'shared-data' },
    });
    expect(del).toEqual({ ok: true, step: { kind: 'delete', name: 'shared-data' } });
    expect(
      pvcStep({ runId: RUN, taskPath: 't', executorLabel: 'e', image: 'python:3.11', parameters: {} }),
    ).toBeUndefined();
  });

  it('fails both name inputs, a bad access mode, a missing size and an upper-case name with SKIFF_K8S_PLATFORM', () => {
    const both = create({
      pvc_name: 'a',
      pvc_name_suffix: '-b',
      access_modes: ['ReadWriteOnce'],
      size: '1Gi',
    });
    expect(both?.ok || both?.error.message).toContain('both set');
    const mode = create({ access_modes: ['RWO'], size: '1Gi' });
    expect(mode?.ok || mode?.error.message).toContain('"RWO" is not an access mode');
    const size = create({ access_modes: ['ReadWriteOnce'] });
    expect(size?.ok || size?.error.code).toBe('SKIFF_K8S_PLATFORM');
    const upper = create({ pvc_name: 'My-PVC', access_modes: ['ReadWriteOnce'], size: '1Gi' });
    expect(upper?.ok || upper?.error.message).toContain('"My-PVC"');
  });
});
