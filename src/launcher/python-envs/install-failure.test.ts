import { describe, expect, it } from 'vitest';
import { installFailure } from './install-failure.js';

const OFFLINE = `Looking in indexes: https://pypi.org/simple, file:///opt/pypi/simple
WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/yapf/
ERROR: Could not find a version that satisfies the requirement yapf (from versions: none)
ERROR: No matching distribution found for yapf
`;

const NO_VERSION = `Looking in links: /opt/wheels
ERROR: Could not find a version that satisfies the requirement requests==0.0.7 (from versions: 2.34.2)
ERROR: No matching distribution found for requests==0.0.7
`;

const BUILD_ERROR = `Collecting broken==1.0
  Building wheel for broken (pyproject.toml) did not run successfully.
ERROR: Failed building wheel for broken
ERROR: Could not build wheels for broken, which is required to install pyproject.toml-based projects
`;

const UV_OFFLINE = `error: Failed to fetch: \`https://pypi.org/simple/yapf/\`
  Caused by: error sending request for url (https://pypi.org/simple/yapf/)
  × No solution found when resolving dependencies:
  ╰─▶ Because yapf was not found in the package registry and you require yapf, we can conclude that your requirements are unsatisfiable.
`;

describe('installFailure', () => {
  it('is NOT_LOCAL naming the package and the unreachable index when pip had no network', () => {
    const failure = installFailure(OFFLINE, ['yapf'], 'exit code 1', 'pip 23.2.1');
    const named = installFailure(OFFLINE, ['nbclient', 'yapf'], 'exit code 1', 'pip 23.2.1');
    expect(named.message).toMatch(/needs the Python package\(s\) "nbclient", "yapf"; "yapf" cannot/);
    expect(failure.kind).toBe('USER');
    expect(failure.message).toMatch(/^SKIFF_EXEC_NOT_LOCAL: .*"yapf"; "yapf" cannot be installed here/);
    expect(failure.message).toContain('https://pypi.org/simple: Temporary failure in name resolution');
  });

  it('is SYSTEM SKIFF_ENV_INSTALL naming the pin when the index answered without that version', () => {
    const failure = installFailure(NO_VERSION, ['requests==0.0.7'], 'exit code 1', 'pip 23.2.1');
    expect(failure.kind).toBe('SYSTEM');
    expect(failure.message).toMatch(/^SKIFF_ENV_INSTALL: installing "requests==0\.0\.7" /);
    expect(failure.message).toContain('(from versions: 2.34.2)');
  });

  it('is SYSTEM SKIFF_ENV_INSTALL for a build error, naming every requirement and quoting pip', () => {
    const failure = installFailure(BUILD_ERROR, ['broken==1.0', 'other'], 'exit code 1', 'pip 23.2.1');
    expect(failure.kind).toBe('SYSTEM');
    expect(failure.message).toMatch(/"broken==1\.0", "other".*Failed building wheel for broken/);
  });

  it("reads uv's words for the same cases", () => {
    const failure = installFailure(UV_OFFLINE, ['yapf'], 'exit code 1', 'uv 0.5.0');
    expect(failure.message).toMatch(/^SKIFF_EXEC_NOT_LOCAL: .*"yapf"/);
  });
});
