import { describe, expect, it } from 'vitest';
import { hashHref, parseHash } from './hash-location';
import { matchRoute } from './match-route';

describe('parseHash', () => {
  it('reads the links kfp.Client prints', () => {
    const run = parseHash('#/runs/details/7f3a-11');
    expect(run.segments).toEqual(['runs', 'details', '7f3a-11']);
    expect(run.path).toBe('/runs/details/7f3a-11');
    const version = parseHash('#/pipelines/details/p1/version/v2');
    expect(matchRoute('/pipelines/details/:id/version/:version', version.segments)).toEqual({
      id: 'p1',
      version: 'v2',
    });
    expect(parseHash('#/compare?runlist=a,b').query.get('runlist')).toBe('a,b');
  });

  it('decodes segments, drops empty ones and survives bad percent-encoding', () => {
    expect(parseHash('#//runs//details/a%20b/').segments).toEqual(['runs', 'details', 'a b']);
    expect(parseHash('#/runs/details/%E0%A4%A').segments).toEqual(['runs', 'details', '%E0%A4%A']);
    expect(parseHash('').path).toBe('/');
    expect(parseHash('#').segments).toEqual([]);
  });

  it('round-trips hrefs with characters that need encoding', () => {
    const href = hashHref('runs', 'details', 'id with/slash?');
    expect(parseHash(href).segments).toEqual(['runs', 'details', 'id with', 'slash?']);
    expect(parseHash(hashHref('pipelines', 'details', 'a b?c')).segments).toEqual([
      'pipelines',
      'details',
      'a b?c',
    ]);
  });
});

describe('matchRoute', () => {
  it('matches whole paths only', () => {
    expect(matchRoute('/runs', ['runs'])).toEqual({});
    expect(matchRoute('/runs', ['runs', 'x'])).toBeUndefined();
    expect(matchRoute('/runs/details/:id', ['runs', 'details'])).toBeUndefined();
    expect(matchRoute('/runs/details/:id', ['runs', 'other', 'x'])).toBeUndefined();
  });
});
