import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiJson } from '../api/client';
import { Dialog } from '../design/Dialog';
import { ErrorBanner } from '../design/ErrorBanner';
import { currentToken, tokenProblem, tryToken } from './token';

/**
 * Asks for the server's token (`server.authToken`) after a request was refused, checks it with one
 * API call, keeps it in this browser, and reloads every query.
 */
export function TokenPrompt() {
  const queries = useQueryClient();
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>();
  const [checking, setChecking] = useState(false);
  const hadToken = currentToken() !== undefined;

  const submit = async () => {
    const problem = tokenProblem(value.trim());
    if (problem !== undefined) return setError(new Error(problem));
    setChecking(true);
    setError(undefined);
    try {
      await tryToken(value.trim(), async (token) => {
        await apiJson('/apis/v2beta1/experiments', {
          query: { page_size: 1 },
          headers: { authorization: `Bearer ${token}` },
        });
      });
      await queries.invalidateQueries();
    } catch (failure) {
      setError(failure);
    } finally {
      setChecking(false);
    }
  };

  return (
    <Dialog title="This server needs a token">
      <p className="muted">
        {hadToken ? 'The saved token was refused. ' : ''}
        Enter the server's token (<code>server.authToken</code>, <code>SKIFF_SERVER_AUTH_TOKEN</code>). It is
        kept in this browser only.
      </p>
      <form
        className="field"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <input
          type="password"
          aria-label="Token"
          autoComplete="current-password"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          autoFocus
        />
        {error !== undefined && <ErrorBanner error={error} />}
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={checking || value.trim() === ''}>
            {checking ? 'Checking…' : 'Use token'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
