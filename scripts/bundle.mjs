// Bundles the CLI into one ES module (dist/skiff.mjs) so `skiff` starts fast: loading hundreds of
// small modules dominates start-up otherwise. Code behind dynamic imports (the server, the S3
// adapter and the AWS SDK, the PostgreSQL driver) goes into chunks under dist/chunks/, loaded only
// by the commands that need them: compiling and evaluating them took half of every start-up.
// Native and worker-based packages stay external. The server's spec worker thread
// (src/server/spec-check/) is a second entry, dist/spec-worker.mjs, found through the package root.
// Everything else is in the bundle, so package.json's `dependencies` name only the external packages
// (what an installed Skiff loads at run time); the bundled ones are devDependencies, and
// `npm install -g` of the packed tarball fetches no more.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/**
 * The IR checks CEL syntax with `parse` only. Importing it from @bufbuild/cel's index would make
 * the whole library (whose environment takes ~0.1 s of CPU to build at import) reachable from the
 * entry, so esbuild would put it in a chunk every command loads; the evaluator (src/engine/cel-program.ts)
 * is loaded on demand. This points the IR's import at the parser's own module.
 */
const celParserOnly = {
  name: 'cel-parser-only',
  setup(build) {
    const index = createRequire(import.meta.url).resolve('@bufbuild/cel');
    const parser = join(dirname(index), '..', 'esm', 'parse.js');
    build.onResolve({ filter: /^@bufbuild\/cel$/ }, (args) =>
      /[\\/]src[\\/]ir[\\/]/.test(args.importer) ? { path: parser } : undefined,
    );
  },
};

// Chunk names carry content hashes: drop the previous build's.
rmSync('dist/chunks', { recursive: true, force: true });
await build({
  // The spec worker is its own entry: the server starts it as a worker thread (dist/spec-worker.mjs).
  entryPoints: { skiff: 'src/cli/main.ts', 'spec-worker': 'src/server/spec-check/spec-worker-main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['better-sqlite3'],
  // Bundled CommonJS dependencies call require(); give each ES module (entry and chunks) one.
  banner: {
    js: "import { createRequire as __skiffCreateRequire } from 'node:module'; const require = __skiffCreateRequire(import.meta.url);",
  },
  plugins: [celParserOnly],
  logLevel: 'warning',
});
