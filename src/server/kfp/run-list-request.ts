import type { RunField } from '../../metadata/index.js';
import { type KfpListRequest, parseKfpListRequest, single } from './list-query.js';
import type { PageTokens } from './page-token.js';
import { RUNS } from './run-resource.js';

/**
 * Parses a runs list request as `GET /apis/v2beta1/runs` takes it: KFP's list parameters, and
 * `experiment_id` as a fixed predicate bound into the page tokens.
 */
export function parseRunListRequest(
  query: Readonly<Record<string, unknown>>,
  tokens: PageTokens,
): KfpListRequest<RunField> {
  const experimentId = single(query, 'experiment_id');
  const fixed = experimentId
    ? [{ field: 'experimentId' as const, op: 'eq' as const, value: experimentId }]
    : [];
  return parseKfpListRequest(query, RUNS, tokens, fixed);
}
