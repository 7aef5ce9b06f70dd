import { SkiffError } from '../../errors/index.js';
import type { RecurringRunRecord, RecurringRunStore } from '../../metadata/index.js';

/** Default and largest page sizes of a list. */
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 200;

/** One page of recurring runs. */
export interface RecurringRunPage {
  readonly recurringRuns: readonly RecurringRunRecord[];
  readonly totalSize: number;
  /** Empty on the last page. */
  readonly nextPageToken: string;
}

/**
 * `GET /recurringruns`: newest first, `experiment_id` filter, `page_size` (default 20, at most 200)
 * and `page_token` (an opaque offset, bound to the filter). A stand-in for the shared KFP list
 * machinery (filter, sort_by): a non-empty `filter` or a `sort_by` other than creation time is refused.
 */
export async function listRecurringRunsPage(
  store: RecurringRunStore,
  query: Readonly<Record<string, unknown>>,
): Promise<RecurringRunPage> {
  const experimentId = single(query, 'experiment_id') || undefined;
  const filter = single(query, 'filter');
  if (filter !== '') {
    throw new SkiffError(
      'SKIFF_API_BAD_FILTER',
      `filter "${filter}" is not supported when listing recurring runs yet`,
      {
        location: 'filter',
        fix: 'Leave filter out; select by experiment with experiment_id.',
      },
    );
  }
  const sortBy = single(query, 'sort_by').trim();
  if (sortBy !== '' && !/^created_at( desc)?$/.test(sortBy)) {
    throw new SkiffError(
      'SKIFF_API_BAD_REQUEST',
      `sort_by "${sortBy}" is not supported when listing recurring runs yet`,
      {
        location: 'sort_by',
        fix: 'Leave sort_by out (recurring runs are listed newest first), or use "created_at desc".',
      },
    );
  }
  const pageSize = pageSizeOf(single(query, 'page_size'));
  const offset = offsetOf(single(query, 'page_token'), experimentId);
  const where = experimentId === undefined ? {} : { experimentId };
  const [recurringRuns, totalSize] = await Promise.all([
    store.list({ ...where, limit: pageSize, offset }),
    store.count(where),
  ]);
  const next = offset + recurringRuns.length;
  return { recurringRuns, totalSize, nextPageToken: next < totalSize ? tokenOf(next, experimentId) : '' };
}

function single(query: Readonly<Record<string, unknown>>, name: string): string {
  const value = query[name];
  if (value === undefined) return '';
  if (typeof value !== 'string') {
    throw new SkiffError('SKIFF_API_BAD_REQUEST', `query parameter ${name} is given more than once`, {
      location: name,
      fix: `Pass ${name} once.`,
    });
  }
  return value;
}

function pageSizeOf(text: string): number {
  if (text === '' || text === '0') return DEFAULT_PAGE_SIZE;
  if (!/^\d+$/.test(text)) {
    throw new SkiffError('SKIFF_API_BAD_REQUEST', `page_size "${text}" is not a non-negative integer`, {
      location: 'page_size',
      fix: `Pass page_size from 1 to ${MAX_PAGE_SIZE}.`,
    });
  }
  return Math.min(Number(text), MAX_PAGE_SIZE);
}

interface TokenBody {
  readonly offset: number;
  readonly experimentId: string | null;
}

function tokenOf(offset: number, experimentId: string | undefined): string {
  const body: TokenBody = { offset, experimentId: experimentId ?? null };
  return Buffer.from(JSON.stringify({ rr: body })).toString('base64url');
}

function offsetOf(token: string, experimentId: string | undefined): number {
  if (token === '') return 0;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (error) {
    throw badToken(token, error);
  }
  const body = (decoded as { rr?: Partial<TokenBody> } | null)?.rr;
  const offset = body?.offset;
  if (
    typeof offset !== 'number' ||
    !Number.isSafeInteger(offset) ||
    offset <= 0 ||
    body?.experimentId !== (experimentId ?? null)
  ) {
    throw badToken(token);
  }
  return offset;
}

function badToken(token: string, cause?: unknown): SkiffError {
  return new SkiffError(
    'SKIFF_API_BAD_PAGE_TOKEN',
    `page_token "${token}" was not issued for this list of recurring runs`,
    { location: 'page_token', ...(cause !== undefined ? { cause } : {}) },
  );
}
