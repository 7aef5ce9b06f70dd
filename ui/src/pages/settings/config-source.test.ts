import { describe, expect, it } from 'vitest';
import { describeSource, groupOf, isMasked, valueText } from './config-source';

describe('describeSource', () => {
  const locations = {
    'file:/etc/skiff.yaml#engine.cache': { file: '/etc/skiff.yaml', line: 3 },
    'file:/etc/skiff.yaml#storage.providers[0].endpoint': { file: '/etc/skiff.yaml', line: 9 },
    'kfp-launcher:/k/cm.yaml#PIPELINE_ROOT': { file: '/k/cm.yaml', line: 5 },
  };

  it('names each kind of source with the file and line when known', () => {
    expect(describeSource('default', 'x', locations)).toEqual({
      kind: 'default',
      label: 'default',
      detail: '',
    });
    expect(describeSource('default (from home)', 'x', locations).detail).toBe('from home');
    expect(describeSource('file:/etc/skiff.yaml', 'engine.cache', locations)).toEqual({
      kind: 'file',
      label: 'config file',
      detail: '/etc/skiff.yaml:3',
    });
    expect(describeSource('file:/etc/skiff.yaml', 'engine.other', locations).detail).toBe('/etc/skiff.yaml');
    expect(
      describeSource('file:/etc/skiff.yaml#storage.providers[0].endpoint', undefined, locations).detail,
    ).toBe('/etc/skiff.yaml:9 (storage.providers[0].endpoint)');
    expect(describeSource('kfp-launcher:/k/cm.yaml#PIPELINE_ROOT', 'pipelineRoot', locations)).toMatchObject({
      kind: 'kfp-launcher',
      detail: '/k/cm.yaml:5 (PIPELINE_ROOT)',
    });
    expect(describeSource('env:SKIFF_ENGINE_CACHE', 'engine.cache', locations)).toEqual({
      kind: 'env',
      label: 'environment variable',
      detail: 'SKIFF_ENGINE_CACHE',
    });
    expect(describeSource('flag:--port', 'server.port', locations).detail).toBe('--port');
    expect(describeSource('something new', 'x', locations).kind).toBe('other');
  });

  it('shows values, spots masked ones and groups keys', () => {
    expect(valueText(null)).toBe('–');
    expect(valueText(['a'])).toBe('["a"]');
    expect(isMasked('****')).toBe(true);
    expect(isMasked('postgres://u:****@db/x')).toBe(true);
    expect(isMasked('AKIA…')).toBe(true);
    expect(isMasked('plain')).toBe(false);
    expect(groupOf('pipelineRoot')).toBe('general');
    expect(groupOf('engine.cache')).toBe('engine');
  });
});
