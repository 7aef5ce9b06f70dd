import type { ErrorCodeInfo } from './codes.js';

// The kinds of registry entry: what a code means for the CLI's exit, HTTP status and an attempt's failure kind.

export const input = (summary: string, fix: string): ErrorCodeInfo => ({
  summary,
  fix,
  badInput: true,
  kind: 'USER',
});
export const system = (summary: string, fix: string): ErrorCodeInfo => ({
  summary,
  fix,
  badInput: false,
  kind: 'SYSTEM',
});
/** A configuration problem found while running: bad input that ends an attempt as SYSTEM (retried). */
export const setup = (summary: string, fix: string): ErrorCodeInfo => ({
  summary,
  fix,
  badInput: true,
  kind: 'SYSTEM',
});
export const user = (summary: string, fix: string): ErrorCodeInfo => ({
  summary,
  fix,
  badInput: false,
  kind: 'USER',
});
