import type { KubeApi, ResourceAccess } from '../../executors/kubernetes/kube-api.js';
import { STORAGE_SECRET } from '../../executors/kubernetes/storage-secret.js';
import type { DoctorCheck } from '../doctor-report.js';

/** One permission the Kubernetes executor needs in the task namespace (core API group). */
export interface NeededPermission {
  /** `pods`, `pods/log`, `secrets`, `persistentvolumeclaims`, `events`. */
  readonly resource: string;
  readonly verb: string;
  /** Only this object (`skiff-storage`). */
  readonly name?: string;
}

/** Every permission Skiff needs in the task namespace, as deploy/base/role.yaml grants them. */
export const NEEDED_PERMISSIONS: readonly NeededPermission[] = [
  ...['create', 'get', 'list', 'watch', 'delete'].map((verb) => ({ resource: 'pods', verb })),
  { resource: 'pods/log', verb: 'get' },
  // Kubernetes cannot limit `create` by name.
  { resource: 'secrets', verb: 'create' },
  ...['get', 'update'].map((verb) => ({ resource: 'secrets', verb, name: STORAGE_SECRET })),
  ...['create', 'get', 'delete'].map((verb) => ({ resource: 'persistentvolumeclaims', verb })),
  // Why a pod cannot start when its status does not say (a volume that fails to mount).
  ...['list', 'watch'].map((verb) => ({ resource: 'events', verb })),
];

/** What the doctor's probe pod needs of them: make the storage Secret, then make, read and delete one pod. */
export const PROBE_POD_PERMISSIONS: readonly NeededPermission[] = NEEDED_PERMISSIONS.filter(
  (p) => (p.resource === 'pods' && ['create', 'get', 'delete'].includes(p.verb)) || p.resource === 'secrets',
);

/** `pods/log get`, `secrets get (skiff-storage)`: a permission for messages. */
export function permissionText(permission: NeededPermission): string {
  return `${permission.resource} ${permission.verb}${permission.name ? ` (${permission.name})` : ''}`;
}

/** The RBAC rule (YAML, one list item of a Role's `rules`) that grants `permission`. */
export function rbacRule(permission: NeededPermission): string {
  return [
    '- apiGroups: [""]',
    `  resources: ["${permission.resource}"]`,
    ...(permission.name ? [`  resourceNames: ["${permission.name}"]`] : []),
    `  verbs: ["${permission.verb}"]`,
  ].join('\n');
}

/** The answer for each needed permission: allowed, or denied with the authorizer's reason. */
export interface PermissionAnswer {
  readonly permission: NeededPermission;
  readonly allowed: boolean;
  readonly reason?: string;
}

/** One SelfSubjectAccessReview per needed permission in `namespace` (all at once). */
export async function reviewPermissions(api: KubeApi, namespace: string): Promise<PermissionAnswer[]> {
  return Promise.all(
    NEEDED_PERMISSIONS.map(async (permission) => {
      const [resource, subresource] = permission.resource.split('/') as [string, string | undefined];
      const access: ResourceAccess = {
        namespace,
        resource,
        verb: permission.verb,
        ...(subresource ? { subresource } : {}),
        ...(permission.name ? { name: permission.name } : {}),
      };
      const answer = await api.accessReview(access);
      return { permission, ...answer };
    }),
  );
}

/**
 * The permission lines of the report: one ✓ line naming them all when every one is granted, else
 * one ✗ line per missing permission with the rule that grants it.
 */
export function permissionChecks(
  answers: readonly PermissionAnswer[],
  where: { readonly namespace: string; readonly user: string },
): DoctorCheck[] {
  const missing = answers.filter((answer) => !answer.allowed);
  if (missing.length === 0) {
    return [
      {
        name: 'kubernetes permissions',
        target: `user ${where.user} in namespace ${where.namespace}`,
        status: 'ok',
        detail: `all ${answers.length} granted: ${summary(answers.map((a) => a.permission))}`,
      },
    ];
  }
  return missing.map(({ permission, reason }) => ({
    name: 'kubernetes permissions',
    target: `user ${where.user} in namespace ${where.namespace}`,
    status: 'fail',
    detail: `may not ${permission.verb} ${permission.resource}${permission.name ? ` named ${permission.name}` : ''}${reason ? ` (${reason})` : ''}`,
    fix: `Add this rule to the Role bound to ${where.user} in namespace ${where.namespace} (deploy/base/role.yaml has every rule Skiff needs):\n${rbacRule(permission)}`,
    code: 'SKIFF_K8S_PERMISSION',
  }));
}

/** `pods create/get/list/watch/delete, pods/log get, secrets create, secrets get/update (skiff-storage), ...` */
function summary(permissions: readonly NeededPermission[]): string {
  const groups = new Map<string, { readonly first: NeededPermission; readonly verbs: string[] }>();
  for (const p of permissions) {
    const key = `${p.resource}\0${p.name ?? ''}`;
    const group = groups.get(key) ?? { first: p, verbs: [] };
    group.verbs.push(p.verb);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ first, verbs }) => permissionText({ ...first, verb: verbs.join('/') }))
    .join(', ');
}
