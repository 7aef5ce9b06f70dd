// Bundles the CLI into one ES module (dist/skiff.mjs) so `skiff` starts fast: loading hundreds of
// small modules dominates start-up otherwise. Native and worker-based packages stay external.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/skiff.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['better-sqlite3'],
  // Bundled CommonJS dependencies call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __skiffCreateRequire } from 'node:module'; const require = __skiffCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
