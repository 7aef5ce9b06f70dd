// Regenerates docs that are derived from code: docs/errors.md (from the error registry) and
// docs/configuration.md (from the config schema). Run after `npm run build`: `npm run docs`.
import { writeFileSync } from 'node:fs';
import { renderConfigDoc } from '../dist/config/config-doc.js';
import { renderErrorsDoc } from '../dist/errors/errors-doc.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsDoc());
writeFileSync(new URL('../docs/configuration.md', import.meta.url), renderConfigDoc());
console.log('wrote docs/errors.md and docs/configuration.md');
