import type { Query } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { ApiError, unreachable } from './api-error';
import { refetchWhileServerAway, retryQuery } from './query-retry';

type State = Query['state'];
const away = unreachable('/apis/skiff/v1/runs', new TypeError('Failed to fetch'));
const failed = (state: { state: State }, error: unknown): void => {
  state.state = {
    ...state.state,
    status: 'error',
    error: error as never,
    errorUpdateCount: state.state.errorUpdateCount + 1,
  };
};
const succeeded = (state: { state: State }): void => {
  state.state = {
    ...state.state,
    status: 'success',
    error: null,
    dataUpdateCount: state.state.dataUpdateCount + 1,
  };
};
const fresh = (): { state: State } => ({
  state: { status: 'success', error: null, errorUpdateCount: 0, dataUpdateCount: 1 } as unknown as State,
});

describe('asking a query again while the server is away', () => {
  it('asks again after 2 s, then doubling up to 30 s, while the server does not answer', () => {
    const query = fresh();
    const waits: (number | false)[] = [];
    for (let i = 0; i < 6; i++) {
      failed(query, away);
      waits.push(refetchWhileServerAway(query));
    }
    expect(waits).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('starts again at 2 s after a success, and stops asking once it succeeded', () => {
    const query = fresh();
    for (let i = 0; i < 4; i++) failed(query, away);
    succeeded(query);
    expect(refetchWhileServerAway(query)).toBe(false);
    failed(query, away);
    expect(refetchWhileServerAway(query)).toBe(2_000);
  });

  it('asks again while the server is starting (503), never for an answer the user must act on', () => {
    const starting = fresh();
    failed(starting, new ApiError(503, 'SKIFF_SERVER_STARTING', 'waiting for the lease'));
    expect(refetchWhileServerAway(starting)).toBe(2_000);
    const notFound = fresh();
    failed(notFound, new ApiError(404, 'SKIFF_API_NOT_FOUND', 'no run has id x'));
    expect(refetchWhileServerAway(notFound)).toBe(false);
    expect(retryQuery(0, new ApiError(404, 'SKIFF_API_NOT_FOUND', 'x'))).toBe(false);
    expect(retryQuery(1, away)).toBe(true);
    expect(retryQuery(2, away)).toBe(false);
  });
});
