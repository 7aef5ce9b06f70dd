import { SkiffError } from '../../errors/index.js';

/**
 * Images the KFP compiler gives the executors of `kubernetes.CreatePVC` / `kubernetes.DeletePVC`.
 * They run no container: KFP's driver calls the Kubernetes API instead (see KFP `driver/k8s.go`).
 */
const STUB_IMAGES: Readonly<Record<string, string>> = {
  'argostub/createpvc': 'creates a Kubernetes PersistentVolumeClaim',
  'argostub/deletepvc': 'deletes a Kubernetes PersistentVolumeClaim',
};

/** True when `image` is a KFP Kubernetes stub image (`argostub/createpvc`, `argostub/deletepvc`), with or without a tag. */
export function isKubernetesStubImage(image: string): boolean {
  return Object.hasOwn(STUB_IMAGES, stripTag(image));
}

/** `createpvc` or `deletepvc` for a KFP Kubernetes stub image (any tag), else undefined. */
export function stubImageKind(image: string): 'createpvc' | 'deletepvc' | undefined {
  const untagged = stripTag(image);
  if (untagged === 'argostub/createpvc') return 'createpvc';
  if (untagged === 'argostub/deletepvc') return 'deletepvc';
  return undefined;
}

/** The SKIFF_EXEC_NOT_LOCAL error for an executor whose image is a Kubernetes stub. */
export function stubImageError(executorLabel: string, image: string): SkiffError {
  const what = STUB_IMAGES[stripTag(image)] ?? 'calls the Kubernetes API';
  return new SkiffError(
    'SKIFF_EXEC_NOT_LOCAL',
    `executor "${executorLabel}" has image "${image}", a KFP stub that ${what} instead of running a process; ` +
      'this machine has no Kubernetes cluster to create or delete volumes in',
    {
      location: `deploymentSpec.executors.${executorLabel}.container.image`,
      fix:
        'Run the pipeline on Kubernetes, or replace the PVC with a dsl.PipelineConfig workspace ' +
        '(Skiff emulates it with a local directory shared by the tasks of a run).',
    },
  );
}

function stripTag(image: string): string {
  const at = image.indexOf('@');
  const untagged = at === -1 ? image : image.slice(0, at);
  const colon = untagged.lastIndexOf(':');
  return colon > untagged.lastIndexOf('/') ? untagged.slice(0, colon) : untagged;
}
