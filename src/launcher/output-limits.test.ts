import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InterfaceSpec } from '../ir/types.js';
import { collectOutputs } from './collect-outputs.js';
import type { ExecutorInputJson } from './executor-input.js';
import { MAX_OUTPUT_FILE_BYTES } from './output-limits.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-output-limits-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const deepList = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const dataset = { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' };
const declared: InterfaceSpec = {
  parameters: { out: { type: 'LIST', isOptional: false }, text: { type: 'STRING', isOptional: true } },
  artifacts: { data: { type: dataset, isArtifactList: false, isOptional: false } },
} as InterfaceSpec;

function executorInput(): ExecutorInputJson {
  return {
    inputs: { parameterValues: {}, artifacts: {} },
    outputs: {
      parameters: {
        out: { outputFile: path.join(dir, 'out') },
        text: { outputFile: path.join(dir, 'text') },
      },
      artifacts: {
        data: { artifacts: [{ name: 'data', uri: 'file:///r/data', type: dataset, metadata: {} }] },
      },
      outputFile: path.join(dir, 'executor_output.json'),
    },
  };
}

async function failureOf(): Promise<{ code: string; message: string }> {
  const result = await collectOutputs(declared, executorInput());
  if (result.ok) throw new Error('collected, but a limit was passed');
  // Recording the failure must not recurse into anything deep.
  JSON.stringify(result.error.message);
  return { code: result.error.code, message: result.error.message };
}

describe('output limits', () => {
  it('fails an executor output whose parameter value nests 10,000 lists deep, naming the output and the limit', async () => {
    await fs.writeFile(
      path.join(dir, 'executor_output.json'),
      `{"parameterValues": {"out": ${deepList(10_000)}}}`,
    );
    const failure = await failureOf();
    expect(failure.code).toBe('SKIFF_OUTPUT_TOO_LARGE');
    expect(failure.message).toContain('output parameter "out"');
    expect(failure.message).toContain('200 levels');
  });

  it('fails artifact metadata that nests past the limit, naming the artifact', async () => {
    await fs.writeFile(path.join(dir, 'out'), '[1]');
    const metadata = `{"m": ${deepList(5_000)}}`;
    await fs.writeFile(
      path.join(dir, 'executor_output.json'),
      `{"artifacts": {"data": {"artifacts": [{"metadata": ${metadata}}]}}}`,
    );
    const failure = await failureOf();
    expect(failure.code).toBe('SKIFF_OUTPUT_TOO_LARGE');
    expect(failure.message).toContain('output artifact "data"');
  });

  it('refuses an executor output or parameter file larger than 16 MiB without reading it', async () => {
    const big = Buffer.alloc(MAX_OUTPUT_FILE_BYTES + 1, 0x20);
    await fs.writeFile(path.join(dir, 'executor_output.json'), big);
    const whole = await failureOf();
    expect(whole.code).toBe('SKIFF_OUTPUT_TOO_LARGE');
    expect(whole.message).toContain(`${MAX_OUTPUT_FILE_BYTES + 1} bytes`);
    expect(whole.message).toContain('16 MiB');
    await fs.rm(path.join(dir, 'executor_output.json'));
    await fs.writeFile(path.join(dir, 'out'), '[1]');
    await fs.writeFile(path.join(dir, 'text'), big);
    const parameter = await failureOf();
    expect(parameter.code).toBe('SKIFF_OUTPUT_TOO_LARGE');
    expect(parameter.message).toContain('output parameter "text"');
  });

  it('still reads outputs nested up to the limit', async () => {
    await fs.writeFile(
      path.join(dir, 'executor_output.json'),
      `{"parameterValues": {"out": ${deepList(150)}}}`,
    );
    const result = await collectOutputs(declared, executorInput());
    expect(result.ok).toBe(true);
  });
});

describe('output files that are not files', () => {
  it('fails at once, without blocking, for a FIFO (no writer) given as a parameter or executor output', async () => {
    execFileSync('mkfifo', [path.join(dir, 'out')]);
    const started = Date.now();
    const failed = await failureOf();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(failed.code).toBe('SKIFF_OUTPUT_TYPE');
    expect(failed.message).toContain(
      `output parameter "out" at ${path.join(dir, 'out')} is a named pipe (FIFO)`,
    );
    await fs.rm(path.join(dir, 'out'));
    execFileSync('mkfifo', [path.join(dir, 'executor_output.json')]);
    expect((await failureOf()).message).toMatch(/executor_output.json is a named pipe/);
  });

  it('fails for a link to /dev/zero instead of reading without end', async () => {
    await fs.symlink('/dev/zero', path.join(dir, 'out'));
    const failed = await failureOf();
    expect(failed.code).toBe('SKIFF_OUTPUT_TYPE');
    expect(failed.message).toContain('is a device');
  });
});
