export { checkConfig } from './check-config.js';
export { checkEnvs } from './check-envs.js';
export { checkFileRoot } from './check-file-root.js';
export { checkMetadata } from './check-metadata.js';
export { checkPython } from './check-python.js';
export { checkStorage } from './check-storage.js';
export { type CheckStatus, type DoctorCheck, type DoctorReport, failedCheck } from './doctor-report.js';
export { type DoctorDeps, runDoctor } from './run-doctor.js';
