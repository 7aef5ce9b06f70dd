import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { rawSpec } from '../../test/fixtures/ir-spec.js';
import { skiffErrorOf } from '../errors/testing.js';
import { loadPipelineText } from './load-pipeline.js';

/** The fixture spec followed by a platform spec whose pipelineConfig is `config`. */
function withPipelineConfig(config: unknown): string {
  return `${stringify(rawSpec())}---\n${stringify({ platforms: { kubernetes: { pipelineConfig: config } } })}`;
}

describe('the workspace a pipeline asks for', () => {
  it('is read from platforms.kubernetes.pipelineConfig.workspace with its size and PVC spec patch', () => {
    const patch = { accessModes: ['ReadWriteOnce'], storageClassName: 'standard' };
    const spec = loadPipelineText(
      withPipelineConfig({ workspace: { size: '1Gi', kubernetes: { pvcSpecPatch: patch } } }),
      'ws.yaml',
    );
    expect(spec.workspace).toEqual({ size: '1Gi', pvcSpecPatch: patch });
    expect(loadPipelineText(withPipelineConfig({ workspace: { size: '5Mi' } }), 'ws.yaml').workspace).toEqual(
      {
        size: '5Mi',
      },
    );
  });

  it('is absent when the pipeline configures none', () => {
    expect(loadPipelineText(stringify(rawSpec()), 'plain.yaml').workspace).toBeUndefined();
    expect(loadPipelineText(withPipelineConfig({ other: 1 }), 'plain.yaml').workspace).toBeUndefined();
  });

  it('is refused, naming the field, without a size or with a patch that is not an object', () => {
    const noSize = skiffErrorOf(() => loadPipelineText(withPipelineConfig({ workspace: {} }), 'ws.yaml'));
    expect(noSize.code).toBe('SKIFF_IR_SCHEMA');
    expect(noSize.message).toContain('pipelineConfig.workspace.size');
    const badPatch = skiffErrorOf(() =>
      loadPipelineText(
        withPipelineConfig({ workspace: { size: '1Gi', kubernetes: { pvcSpecPatch: 'RWO' } } }),
        'ws.yaml',
      ),
    );
    expect(badPatch.message).toContain('pvcSpecPatch is not an object');
  });
});
