/** Where Debian's chromium may be (see chromium-flags.mjs). */
export const CHROMIUM_PATHS: readonly string[];
/** Flags that keep Chromium to 127.0.0.1 (see chromium-flags.mjs). */
export const QUIET_FLAGS: readonly string[];
