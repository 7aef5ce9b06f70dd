import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { ServerDeps } from '../server-deps.js';
import { isUiAssetPath } from './ui-paths.js';
import { uiRoutes } from './ui-routes.js';

describe('uiRoutes', () => {
  it('says how to build the UI when dist/ui has no index.html', async () => {
    const app = Fastify();
    await uiRoutes(mkdtempSync(join(tmpdir(), 'skiff-no-ui-')))(app, {} as ServerDeps);
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('SKIFF_UI_NOT_BUILT');
    expect(response.body).toContain('npm run build');
    await app.close();
  });
});

describe('isUiAssetPath', () => {
  it('opens the page and its hashed files only, never an API path', () => {
    for (const open of ['/', '/index.html', '/assets/index-abc.js'])
      expect(isUiAssetPath(open), open).toBe(true);
    for (const closed of [
      '/apis/v2beta1/runs',
      '/apis/skiff/v1/config',
      '/system/project-id',
      '/index.htm',
      '/assetsx',
    ])
      expect(isUiAssetPath(closed), closed).toBe(false);
  });
});
