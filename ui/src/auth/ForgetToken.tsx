import { useSyncExternalStore } from 'react';
import { currentToken, onTokenChange, saveToken } from './token';

const hasToken = () => currentToken() !== undefined;

/** "Forget token": drops the saved token and reloads, so nothing read with it stays on screen. */
export function ForgetToken() {
  const saved = useSyncExternalStore(onTokenChange, hasToken);
  if (!saved) return null;
  return (
    <button
      type="button"
      className="btn btn-small"
      onClick={() => {
        saveToken(undefined);
        window.location.reload();
      }}
    >
      Forget token
    </button>
  );
}
