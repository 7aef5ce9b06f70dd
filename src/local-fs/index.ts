export { fileKindOf, readRegularFile } from './read-regular-file.js';
