// Writes gzip and brotli twins of the built UI's text files (dist/ui), which `skiff server` sends to
// browsers that accept them (@fastify/static's preCompressed): the JavaScript of a page is then
// fetched at its compressed size, and nothing is compressed per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = process.argv[2] ?? 'dist/ui';
const TEXT = /\.(js|mjs|css|html|svg|json|txt)$/;

function* files(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (TEXT.test(entry)) yield path;
  }
}

let count = 0;
for (const path of files(ROOT)) {
  const bytes = readFileSync(path);
  if (bytes.length < 1024) continue;
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  writeFileSync(
    `${path}.br`,
    brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }),
  );
  count++;
}
process.stdout.write(`compressed ${count} UI files in ${ROOT}\n`);
