import { describe, expect, it } from 'vitest';
import { skiffErrorOf } from '../../errors/testing.js';
import { MAX_PLAN_BYTES, PLAN_PART_CHARS, planEnv, readPlanEnv } from './plan-env.js';

const envOf = (vars: { name: string; value?: string }[]) =>
  Object.fromEntries(vars.map((v) => [v.name, v.value]));

describe("the plan in the sidecar's environment", () => {
  it('is one variable when short', () => {
    const vars = planEnv('{"version":1}', 'train');
    expect(vars).toEqual([{ name: 'SKIFF_POD_PLAN', value: '{"version":1}' }]);
    expect(readPlanEnv(envOf(vars))).toBe('{"version":1}');
  });

  it('is split into parts no environment string limit refuses, and joined back exactly, emoji included', () => {
    const plan = JSON.stringify({
      big: 'x'.repeat(PLAN_PART_CHARS - 3) + '😀'.repeat(50_000) + 'é'.repeat(70_001),
    });
    const vars = planEnv(plan, 'train');
    expect(vars[0]).toEqual({ name: 'SKIFF_POD_PLAN_PARTS', value: String(vars.length - 1) });
    for (const part of vars.slice(1)) {
      expect(Buffer.byteLength(`${part.name}=${part.value}`)).toBeLessThan(128 * 1024);
      expect(part.value).not.toMatch(/[\ud800-\udbff]$/); // no pair cut in two
    }
    expect(readPlanEnv(envOf(vars))).toBe(plan);
  });

  it('over a megabyte, is refused with the task named and a fix', () => {
    const error = skiffErrorOf(() => planEnv(`"${'x'.repeat(MAX_PLAN_BYTES)}"`, 'loop[3].train'));
    expect(error.code).toBe('SKIFF_K8S_PLAN_TOO_LARGE');
    expect(error.message).toContain('task "loop[3].train"');
  });

  it('with a part missing, is an error naming it; with none, absent', () => {
    const error = skiffErrorOf(() => readPlanEnv({ SKIFF_POD_PLAN_PARTS: '2', SKIFF_POD_PLAN_1: '{' }));
    expect(error.code).toBe('SKIFF_K8S_PLAN');
    expect(error.message).toContain('SKIFF_POD_PLAN_2 of 2 parts');
    expect(readPlanEnv({})).toBeUndefined();
  });
});
