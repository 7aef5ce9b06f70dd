import { describe, expect, it } from 'vitest';
import { pathSegments, yamlLines } from './yaml-line.js';

describe('yamlLines', () => {
  it('finds the line of nested keys and list items, and of a ConfigMap data key', () => {
    const lines = yamlLines(
      'engine:\n  maxParallelTasks: 3\nstorage:\n  providers:\n    - scheme: s3\n      endpoint: http://x\n',
    );
    expect(lines.lineOf('engine.maxParallelTasks')).toBe(2);
    expect(lines.lineOf('storage.providers[0].endpoint')).toBe(6);
    expect(lines.lineOf('storage.providers[0]')).toBe(5);
    expect(lines.lineOf('server.port')).toBeUndefined();
    const configMap = yamlLines(
      'kind: ConfigMap\nmetadata:\n  name: kfp-launcher\ndata:\n  PIPELINE_ROOT: s3://b\n',
    );
    expect(configMap.lineOf('PIPELINE_ROOT')).toBe(5);
  });

  it('falls back to the nearest written ancestor and survives text that is not YAML', () => {
    const lines = yamlLines('data:\n  providers: |\n    {"s3": {"default": {"endpoint": "x"}}}\n');
    expect(lines.lineOf('providers.s3.default.endpoint')).toBe(2);
    expect(yamlLines('{{{: [').lineOf('a')).toBeUndefined();
    expect(pathSegments('a.b[2][0].c')).toEqual(['a', 'b', 2, 0, 'c']);
  });
});
