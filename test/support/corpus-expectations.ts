import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CORPUS } from './cli.js';

/** One entry of ../shared/kfp-corpus/expectations.yaml: how a corpus pipeline ends when run here. */
export interface Expectation {
  expect: 'SUCCEEDED' | 'FAILED' | 'REJECTED' | 'NOT_LOCAL';
  arguments?: Record<string, unknown> | null;
  outputs?: Record<string, unknown>;
  tasks?: Record<string, string>;
  why?: string;
  /** NOT_LOCAL only because these Python packages cannot be installed here; installable: `if_installable`. */
  packages?: string[];
  if_installable?: 'SUCCEEDED' | 'FAILED';
}

/** Where the corpus's expectations are. */
export const EXPECTATIONS_FILE = join(CORPUS, 'expectations.yaml');

/** Whether ../shared/kfp-corpus (with its expectations) is on this machine. */
export function expectationsPresent(): boolean {
  return existsSync(EXPECTATIONS_FILE);
}

/** The corpus's expectations by file (relative to the corpus), none when the corpus is absent. */
export function readExpectations(): Record<string, Expectation> {
  if (!expectationsPresent()) return {};
  return parse(readFileSync(EXPECTATIONS_FILE, 'utf8')) as Record<string, Expectation>;
}
