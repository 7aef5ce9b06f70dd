import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiJson } from '../api/client';
import { currentToken, onTokenChange, saveToken, tokenProblem, tokenRequired } from './token';

/** A fetch whose answers the test releases one by one, each with the status it picks. */
function heldFetch() {
  const pending: { auth: string | undefined; answer: (status: number) => void }[] = [];
  const fetch = (_url: string, init: RequestInit) =>
    new Promise<Response>((resolve) => {
      const auth = (init.headers as Record<string, string>).authorization;
      pending.push({ auth, answer: (status) => resolve(new Response('{}', { status })) });
    });
  return { fetch, pending };
}

afterEach(() => {
  vi.unstubAllGlobals();
  saveToken(undefined);
});

describe('the token prompt', () => {
  it('comes up on a 401, and not again for an answer to a request sent before the token was given', async () => {
    const { fetch, pending } = heldFetch();
    vi.stubGlobal('fetch', fetch);
    let changes = 0;
    const stop = onTokenChange(() => changes++);
    // Two requests go out before the server's token is known.
    const first = apiJson('/apis/v2beta1/runs').catch((error: unknown) => error);
    const second = apiJson('/apis/v2beta1/experiments').catch((error: unknown) => error);
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    pending[0]!.answer(401);
    expect(await first).toMatchObject({ status: 401 });
    expect(tokenRequired()).toBe(true);
    // The person gives the token: the prompt goes away.
    saveToken('the-token');
    expect(tokenRequired()).toBe(false);
    // The second request, sent without it, is refused late: the prompt stays away.
    pending[1]!.answer(401);
    expect(await second).toMatchObject({ status: 401 });
    expect(tokenRequired()).toBe(false);
    // A request sent with the token and refused means the token is wrong: the prompt comes back.
    const third = apiJson('/apis/v2beta1/runs').catch((error: unknown) => error);
    await vi.waitFor(() => expect(pending).toHaveLength(3));
    expect(pending[2]!.auth).toBe('Bearer the-token');
    pending[2]!.answer(401);
    await third;
    expect(tokenRequired()).toBe(true);
    expect(currentToken()).toBe('the-token');
    expect(changes).toBe(3); // required, saved, required again
    stop();
  });
});

describe('tokenProblem', () => {
  it('refuses a token a header cannot carry, naming the character, and takes printable ASCII', () => {
    // Before, "tökén" was sent and failed as "the server did not answer … non ISO-8859-1 code point".
    expect(tokenProblem('tökén-0123456789')).toContain('holds "ö"');
    expect(tokenProblem('with\ttab-0123456789')).toContain('U+0009');
    expect(tokenProblem('nul\u0000-0123456789')).toContain('U+0000');
    expect(tokenProblem('A-good_token.0123456789~! and a space')).toBeUndefined();
  });
});
