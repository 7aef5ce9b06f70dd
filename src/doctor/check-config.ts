import { conflictWarning, type LoadedConfig } from '../config/index.js';
import type { DoctorCheck } from './doctor-report.js';

/**
 * The configuration itself: loaded means valid; every conflict between two inputs of one layer
 * fails (both values and sources shown); other warnings are warnings.
 */
export function checkConfig(loaded: LoadedConfig): DoctorCheck[] {
  const target = loaded.file ?? 'defaults and environment (no config file)';
  const checks: DoctorCheck[] = [{ name: 'config', target, status: 'ok', detail: 'valid' }];
  for (const conflict of loaded.storage.conflicts) {
    const values = conflict.values.map((v) => `${v.value} (${v.source})`).join(' vs ');
    checks.push({
      name: 'config conflict',
      target: conflict.key,
      status: 'fail',
      detail: `inputs of the same layer disagree: ${values}; the first is used`,
      fix: 'Remove or correct one of the inputs so that they agree, or set the key explicitly in a higher layer (a flag or skiff.yaml).',
      code: 'SKIFF_CONFIG_CONFLICT',
    });
  }
  const conflictTexts = new Set(loaded.storage.conflicts.map(conflictWarning));
  for (const warning of loaded.warnings) {
    if (conflictTexts.has(warning)) continue;
    checks.push({ name: 'config warning', target, status: 'warn', detail: warning });
  }
  return checks;
}
