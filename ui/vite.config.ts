// Builds the web UI into dist/ui, which `skiff server` serves at `/`. Relative asset URLs keep the
// build working behind a proxy that serves Skiff under a path prefix. `npm run ui:dev` serves it
// with hot reload and forwards API calls to a running `skiff server` (SKIFF_URL, default
// http://127.0.0.1:8888).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const target = process.env.SKIFF_URL ?? 'http://127.0.0.1:8888';

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Map files would double what an installed Skiff carries; the source is in the repository.
    sourcemap: false,
    reportCompressedSize: false,
  },
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    proxy: { '/apis': target, '/system': target, '/healthz': target },
  },
});
