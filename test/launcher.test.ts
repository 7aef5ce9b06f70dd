import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptRequest, AttemptRunner } from '../src/engine/ports.js';
import type { FileObjectStore } from '../src/storage/index.js';
import { fileUriToPath } from '../src/storage/uri.js';
import { datasetType, type LauncherHome, makeLauncherHome, type RequestOptions } from './launcher-fixture.js';

let fixture: LauncherHome;
let store: FileObjectStore;
let launcher: AttemptRunner;
const request = (options: RequestOptions): AttemptRequest => fixture.request(options);

beforeAll(async () => {
  fixture = await makeLauncherHome();
  store = fixture.store;
  launcher = fixture.launcher;
});
afterAll(async () => {
  await fixture.cleanup();
});

describe('launcher with a FileObjectStore and local processes', () => {
  it('runs a shell component that writes an output parameter and an artifact, then reads them downstream', async () => {
    const producer = request({
      name: 'producer',
      command: ['sh', '-c', 'printf "%s" "$0" > "$1" && echo "rows: $0" > "$2" && echo "produced $GREETING"'],
      args: [
        "{{$.inputs.parameters['text']}}",
        "{{$.outputs.parameters['out'].output_file}}",
        "{{$.outputs.artifacts['data'].path}}",
      ],
      env: [{ name: 'GREETING', value: 'hi from {{$.pipeline_task_name}}' }],
      outputs: {
        parameters: { out: { type: 'STRING', isOptional: false } },
        artifacts: { data: { type: datasetType, isArtifactList: false, isOptional: false } },
      },
      values: { parameters: { text: 'hello world' } },
    });
    const outcome = await launcher.run(producer);
    expect(outcome).toMatchObject({ ok: true, exitCode: 0 });
    if (!outcome.ok) return;
    expect(outcome.outputs.parameters).toEqual({ out: 'hello world' });
    const [data] = outcome.outputs.artifacts.data ?? [];
    expect(data?.uri).toMatch(
      new RegExp(`^${store.rootUri}/my-pipeline/run-1/for-loop-1.0.producer/task-\\d+-1/data$`),
    );
    expect(data).toMatchObject({
      name: 'data',
      schemaTitle: 'system.Dataset',
      schemaVersion: '0.0.1',
      metadata: {},
    });
    expect(data?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(readFileSync(fileUriToPath(data!.uri), 'utf8')).toBe('rows: hello world\n');
    expect(outcome.logUri).toBe(
      `${store.rootUri}/my-pipeline/run-1/logs/for-loop-1.0.producer.attempt-1.log`,
    );
    expect(readFileSync(fileUriToPath(outcome.logUri!), 'utf8')).toBe('produced hi from producer\n');
    expect(readFileSync(launcher.liveLogPath(producer.context), 'utf8')).toBe('produced hi from producer\n');

    const consumer = request({
      name: 'consumer',
      command: [
        'sh',
        '-c',
        'cat "$0"; echo "$1"',
        "{{$.inputs.artifacts['data'].path}}",
        "{{$.inputs.artifacts['data'].uri}}",
      ],
      inputs: {
        parameters: {},
        artifacts: { data: { type: datasetType, isArtifactList: false, isOptional: false } },
      },
      values: { artifacts: { data: [data!] } },
    });
    const consumed = await launcher.run(consumer);
    expect(consumed.ok).toBe(true);
    expect(readFileSync(launcher.liveLogPath(consumer.context), 'utf8')).toBe(
      `rows: hello world\n${data!.uri}\n`,
    );
  });

  it('fails a non-zero exit as USER with the exit code and the last log lines', async () => {
    const outcome = await launcher.run(
      request({ name: 'fails', command: ['sh', '-c', 'echo "something broke" >&2; exit 3'] }),
    );
    expect(outcome).toMatchObject({ ok: false, kind: 'USER', exitCode: 3 });
    if (outcome.ok) return;
    expect(outcome.message).toMatch(/^SKIFF_EXEC_NONZERO: task "for-loop-1\[0\]\.fails" attempt 1: .*code 3/);
    expect(outcome.message).toContain('something broke');
    expect(outcome.logUri).not.toBeNull();
  });

  it('fails a command this machine does not have as SKIFF_EXEC_NOT_LOCAL naming it', async () => {
    const outcome = await launcher.run(request({ name: 'my-program', command: ['my_program', '--x'] }));
    expect(outcome).toMatchObject({ ok: false, kind: 'USER', exitCode: null });
    expect(!outcome.ok && outcome.message).toMatch(
      /^SKIFF_EXEC_NOT_LOCAL: .*"my_program" is not on PATH.*python:3\.11/,
    );
  });

  it('fails a script that only exists in the image (sh run.sh) as SKIFF_EXEC_NOT_LOCAL', async () => {
    const outcome = await launcher.run(request({ name: 'run-sh', command: ['sh', 'run.sh'] }));
    expect(!outcome.ok && outcome.message).toMatch(/^SKIFF_EXEC_NOT_LOCAL: .*script "run.sh"/);
  });

  it('fails a missing required output parameter with SKIFF_OUTPUT_MISSING', async () => {
    const outcome = await launcher.run(
      request({
        name: 'no-output',
        command: ['true'],
        outputs: { parameters: { result: { type: 'NUMBER_INTEGER', isOptional: false } }, artifacts: {} },
      }),
    );
    expect(outcome).toMatchObject({ ok: false, kind: 'USER', exitCode: 0 });
    expect(!outcome.ok && outcome.message).toMatch(/^SKIFF_OUTPUT_MISSING: .*"result"/);
  });

  it('records an output artifact the process did not write, as KFP does', async () => {
    const outcome = await launcher.run(
      request({
        name: 'lazy',
        command: ['true'],
        outputs: {
          parameters: {},
          artifacts: { model: { type: datasetType, isArtifactList: false, isOptional: false } },
        },
      }),
    );
    expect(outcome.ok && outcome.outputs.artifacts.model?.length).toBe(1);
  });

  it('cancels a running attempt as CANCELED', async () => {
    const controller = new AbortController();
    const running = launcher.run(
      request({ name: 'sleeper', command: ['sleep', '30'], signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    expect(await running).toMatchObject({ ok: false, kind: 'CANCELED' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fails as SYSTEM when an output artifact cannot be stored', async () => {
    const req = request({
      name: 'blocked',
      command: ['sh', '-c', 'echo x > "$0"', "{{$.outputs.artifacts['data'].path}}"],
      outputs: {
        parameters: {},
        artifacts: { data: { type: datasetType, isArtifactList: false, isOptional: false } },
      },
    });
    // A plain file where the task's output directory must go makes the upload fail.
    const taskDir = path.join(store.rootDir, 'my-pipeline', 'run-1', 'for-loop-1.0.blocked');
    await fs.mkdir(path.dirname(taskDir), { recursive: true });
    await fs.writeFile(taskDir, 'in the way');
    const outcome = await launcher.run(req);
    expect(outcome).toMatchObject({ ok: false, kind: 'SYSTEM' });
    expect(!outcome.ok && outcome.message).toMatch(/^SKIFF_STORAGE_IO: /);
  });

  it('fails an input artifact on a storage this machine has no provider for as NOT_LOCAL', async () => {
    const outcome = await launcher.run(
      request({
        name: 'gcs-reader',
        command: ['true'],
        inputs: {
          parameters: {},
          artifacts: { text: { type: datasetType, isArtifactList: false, isOptional: false } },
        },
        values: {
          artifacts: {
            text: [
              {
                id: 'a',
                name: 'text',
                uri: 'gs://bucket/t.txt',
                schemaTitle: 'system.Dataset',
                schemaVersion: '0.0.1',
                metadata: {},
              },
            ],
          },
        },
      }),
    );
    expect(!outcome.ok && outcome.message).toMatch(/^SKIFF_EXEC_NOT_LOCAL: .*gs:\/\/bucket\/t\.txt/);
  });
});
