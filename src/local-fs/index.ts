export { diskFullError, formatBytes, freeSpaceOf, isDiskFull } from './disk-full.js';
export { pseudoFileSystemOf } from './pseudo-fs.js';
export { fileKindOf, readRegularFile } from './read-regular-file.js';
