/**
 * Platform fields the local executor accepts and ignores, with the reason shown in the task's notes.
 * They steer scheduling or image handling, which mean nothing for one process on one machine.
 */
export const IGNORED_FIELDS: Readonly<Record<string, string>> = {
  nodeSelector: 'a scheduling hint; this machine is the only node',
  tolerations: 'a scheduling hint; this machine is the only node',
  nodeAffinity: 'a scheduling hint; this machine is the only node',
  podAffinity: 'a scheduling hint; this machine is the only node',
  imagePullPolicy: 'the local executor runs a process and pulls no image',
  imagePullSecret: 'the local executor runs a process and pulls no image',
  activeDeadlineSeconds: 'a pod deadline; the local executor does not enforce it',
  enabledSharedMemory: "the process already uses this machine's /dev/shm",
  securityContext: 'the process runs as the current user',
  podResourceClaims:
    'dynamic resource allocation is a cluster feature; the process sees the devices of this machine',
};

/** Fields that add volumes a local process cannot mount, with the noun used in messages. */
export const VOLUME_FIELDS: Readonly<Record<string, string>> = {
  genericEphemeralVolume: 'a generic ephemeral volume',
  emptyDirMounts: 'an emptyDir volume',
};
