import { describe, expect, it } from 'vitest';
import { isKubernetesStubImage, stubImageError } from './stub-images.js';

describe('isKubernetesStubImage', () => {
  it.each([
    'argostub/createpvc',
    'argostub/deletepvc',
    'argostub/createpvc:latest',
    'argostub/deletepvc@sha256:ab',
  ])('recognises %s', (image) => expect(isKubernetesStubImage(image)).toBe(true));

  it.each([
    'python:3.11',
    'argostub/other',
    'docker.io/argostub/createpvc',
    'localhost:5000/argostub',
    '',
  ])('does not take %j for a stub', (image) => expect(isKubernetesStubImage(image)).toBe(false));
});

describe('stubImageError', () => {
  it('is SKIFF_EXEC_NOT_LOCAL naming the executor, the image and what it would do', () => {
    const error = stubImageError('exec-createpvc', 'argostub/createpvc');
    expect(error.code).toBe('SKIFF_EXEC_NOT_LOCAL');
    expect(error.location).toBe('deploymentSpec.executors.exec-createpvc.container.image');
    expect(error.message).toContain('"exec-createpvc"');
    expect(error.message).toContain('creates a Kubernetes PersistentVolumeClaim');
    expect(error.fix).toContain('Kubernetes');
  });
});
