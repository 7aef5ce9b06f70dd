import { describe, expect, it } from 'vitest';
import { nativeModuleError } from './native-module-error.js';

const NODE_24 = { version: 'v24.22.3', modules: '137' };

/** An error shaped as Node 24 throws it when loading a better-sqlite3 built by Node 20 (copied from a real run). */
function abiMismatch(): Error {
  const error = new Error(
    "The module '/home/u/skiff/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
      'was compiled against a different Node.js version using\n' +
      'NODE_MODULE_VERSION 115. This version of Node.js requires\n' +
      'NODE_MODULE_VERSION 137. Please try re-compiling or re-installing\n' +
      'the module (for instance, using `npm rebuild` or `npm install`).',
  );
  return Object.assign(error, { code: 'ERR_DLOPEN_FAILED' });
}

describe('nativeModuleError', () => {
  it('reports a module built for another Node.js with both module versions and the rebuild command', () => {
    const error = nativeModuleError(abiMismatch(), NODE_24);
    expect(error).toMatchObject({ code: 'SKIFF_NATIVE_MODULE', kind: 'SYSTEM' });
    expect(error?.message).toContain('NODE_MODULE_VERSION 115 (Node.js 20)');
    expect(error?.message).toContain('this Node.js v24.22.3 requires NODE_MODULE_VERSION 137');
    expect(error?.message).not.toContain('writable');
    expect(error?.fix).toContain('npm rebuild better-sqlite3');
    expect(error?.fix).toContain('in /home/u/skiff;');
    expect(error?.fix).toContain('npm install -g');
    expect(error?.exitCode).toBe(1);
  });

  it('reports an addon that was never built (installed with --ignore-scripts)', () => {
    const cause = new Error(
      'Could not locate the bindings file. Tried:\n → /x/node_modules/better-sqlite3/build/better_sqlite3.node',
    );
    const error = nativeModuleError(cause, NODE_24);
    expect(error).toMatchObject({ code: 'SKIFF_NATIVE_MODULE' });
    expect(error?.message).toContain('no build of its native module');
    expect(error?.fix).toContain('`npm rebuild better-sqlite3` in /x;');
    expect(error?.fix).toContain('--allow-scripts=better-sqlite3');
  });

  it('reports another dlopen failure (wrong platform) with the running Node.js and its first line', () => {
    const cause = Object.assign(
      new Error('/x/node_modules/better-sqlite3/build/Release/better_sqlite3.node: invalid ELF header'),
      { code: 'ERR_DLOPEN_FAILED' },
    );
    const error = nativeModuleError(cause, NODE_24);
    expect(error).toMatchObject({ code: 'SKIFF_NATIVE_MODULE' });
    expect(error?.message).toContain('NODE_MODULE_VERSION 137');
    expect(error?.message).toContain('invalid ELF header');
  });

  it('leaves other errors alone (a read-only directory stays SKIFF_METADATA_OPEN)', () => {
    const cause = Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' });
    expect(nativeModuleError(cause, NODE_24)).toBeUndefined();
    expect(nativeModuleError('a string', NODE_24)).toBeUndefined();
  });
});
