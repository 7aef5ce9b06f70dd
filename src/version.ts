/** Skiff's version (as in package.json). */
export const SKIFF_VERSION = '0.1.0';
