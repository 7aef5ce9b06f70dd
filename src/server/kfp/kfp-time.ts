import { isoTime } from './iso-time.js';

/** KFP's zero time, which KFP answers for times not yet set (e.g. an experiment's last run). */
export const KFP_ZERO_TIME = '1970-01-01T00:00:00Z';

/** Epoch milliseconds as an RFC 3339 UTC time (KFP's google.protobuf.Timestamp JSON); null → KFP_ZERO_TIME. */
export function rfc3339(ms: number | null): string {
  return ms === null ? KFP_ZERO_TIME : isoTime(ms);
}
