import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  NEEDED_PERMISSIONS,
  PROBE_POD_PERMISSIONS,
  permissionChecks,
  rbacRule,
} from './cluster-permissions.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
  verbs: string[];
}

const roleRules = (): Rule[] => {
  const text = readFileSync(new URL('../../../deploy/base/role.yaml', import.meta.url), 'utf8');
  const role = parseAllDocuments(text)
    .map((doc) => doc.toJS() as { kind: string; rules?: Rule[] })
    .find((doc) => doc.kind === 'Role');
  return role?.rules ?? [];
};

describe('the permissions skiff doctor reviews', () => {
  it('are the ones deploy/base/role.yaml grants, each by a rule of the core group', () => {
    const rules = roleRules();
    for (const permission of NEEDED_PERMISSIONS) {
      const granted = rules.some(
        (rule) =>
          rule.apiGroups.includes('') &&
          rule.resources.includes(permission.resource) &&
          rule.verbs.includes(permission.verb) &&
          (rule.resourceNames === undefined ||
            (permission.name !== undefined && rule.resourceNames.includes(permission.name))),
      );
      expect(granted, `${permission.resource} ${permission.verb}`).toBe(true);
    }
    // events list/watch among them: without them a pod whose volume cannot mount hung its attempt.
    expect(NEEDED_PERMISSIONS).toHaveLength(14);
    expect(NEEDED_PERMISSIONS.filter((p) => p.resource === 'events').map((p) => p.verb)).toEqual([
      'list',
      'watch',
    ]);
  });

  it('name the probe pod needs: pods create/get/delete and the storage Secret', () => {
    expect(PROBE_POD_PERMISSIONS.map((p) => `${p.resource} ${p.verb}`)).toEqual([
      'pods create',
      'pods get',
      'pods delete',
      'secrets create',
      'secrets get',
      'secrets update',
    ]);
  });

  it('quote the RBAC rule of a missing one, with resourceNames for the storage Secret', () => {
    expect(rbacRule({ resource: 'pods/log', verb: 'get' })).toBe(
      '- apiGroups: [""]\n  resources: ["pods/log"]\n  verbs: ["get"]',
    );
    expect(rbacRule({ resource: 'secrets', verb: 'update', name: 'skiff-storage' })).toContain(
      'resourceNames: ["skiff-storage"]',
    );
  });

  it('report one line when all are granted, else one failed line per missing permission', () => {
    const where = { namespace: 'ml', user: 'system:serviceaccount:ml:skiff-server' };
    const all = NEEDED_PERMISSIONS.map((permission) => ({ permission, allowed: true }));
    const ok = permissionChecks(all, where);
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ status: 'ok' });
    expect(ok[0]?.detail).toContain('secrets get/update (skiff-storage)');
    const missing = all.map((answer) =>
      answer.permission.resource === 'pods/log' ? { ...answer, allowed: false } : answer,
    );
    const failed = permissionChecks(missing, where);
    expect(failed).toEqual([
      expect.objectContaining({
        status: 'fail',
        code: 'SKIFF_K8S_PERMISSION',
        detail: 'may not get pods/log',
      }),
    ]);
    expect(failed[0]?.fix).toContain('deploy/base/role.yaml');
    expect(failed[0]?.fix).toContain('resources: ["pods/log"]');
  });
});
