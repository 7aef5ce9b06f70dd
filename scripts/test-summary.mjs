// Prints the plain closing line of a test run, "N passed, N failed, N skipped", from vitest's JSON
// report (written by `npm test`), so any CI reads the outcome the same way.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2] ?? '.vitest-report.json', 'utf8'));
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
process.exitCode = report.numFailedTests > 0 ? 1 : 0;
