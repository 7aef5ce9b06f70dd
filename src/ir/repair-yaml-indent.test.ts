import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repairQuotedScalarIndent } from './repair-yaml-indent.js';

describe('repairQuotedScalarIndent', () => {
  it('indents continuation lines of a double-quoted sequence entry, keeping its value', () => {
    const text = 'command:\n  - sh\n  - "line one\\n\\\n  \\  two"\n  - end\n';
    const repaired = repairQuotedScalarIndent(text);
    expect(repaired).toBeDefined();
    expect(parse(repaired!)).toEqual({ command: ['sh', 'line one\n  two', 'end'] });
  });

  it('indents continuation lines of a single-quoted scalar', () => {
    const repaired = repairQuotedScalarIndent("args:\n  - 'a\n  b'\n");
    expect(parse(repaired!)).toEqual({ args: ['a b'] });
  });

  it('returns undefined when nothing needs repair, and leaves block scalars alone', () => {
    expect(repairQuotedScalarIndent('a:\n  - "x"\n  - "y\n    z"\n')).toBeUndefined();
    expect(repairQuotedScalarIndent('a: |\n  - "x\n  y\n')).toBeUndefined();
  });
});
