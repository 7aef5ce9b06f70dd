export { diskFullError, formatBytes, freeSpaceOf, isDiskFull, unexpectedDiskFull } from './disk-full.js';
export { linksOutside, type OutsideLink, refuseLinksOutside } from './links-outside.js';
export { pseudoFileSystemOf, pseudoFileSystemProblem } from './pseudo-fs.js';
export { fileKindOf, readRegularFile } from './read-regular-file.js';
export { unusableDirReason } from './unusable-dir.js';
