/** The SDK's command and args for Python function `fn` defined in `source` (see kfp-python.mjs). */
export function kfpPython(fn: string, source: string): { command: string[]; args: string[] };
