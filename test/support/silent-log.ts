import type { Logger } from '../../src/engine/index.js';

/** A logger that drops everything, for unit tests whose subject takes one. */
export const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {} };
