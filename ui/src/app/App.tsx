import { Suspense, useEffect, useSyncExternalStore } from 'react';
import { TokenPrompt } from '../auth/TokenPrompt';
import { onTokenChange, tokenRequired } from '../auth/token';
import { Loading } from '../design/Loading';
import { navigate, useHashLocation } from '../router/hash-location';
import { ErrorBoundary } from './ErrorBoundary';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { findRoute } from './routes';

/** The whole app: the page the hash names, inside the layout, and the token prompt when needed. */
export function App() {
  const location = useHashLocation();
  const needsToken = useSyncExternalStore(onTokenChange, tokenRequired);
  const atRoot = location.segments.length === 0;
  useEffect(() => {
    // KFP's UI opens on its runs list; so does Skiff's.
    if (atRoot) navigate('/runs', { replace: true });
  }, [atRoot]);
  const found = findRoute(location.segments);
  useEffect(() => {
    const first = location.segments[0];
    document.title = first === undefined ? 'Skiff' : `${first} · Skiff`;
  }, [location.segments]);
  return (
    <Layout section={found?.route.section}>
      <ErrorBoundary resetKey={location.path}>
        <Suspense fallback={<Loading what="Loading the page" />}>
          {found === undefined ? (
            atRoot ? null : (
              <NotFoundPage path={location.path} />
            )
          ) : (
            <found.route.page params={found.params} query={location.query} />
          )}
        </Suspense>
      </ErrorBoundary>
      {needsToken && <TokenPrompt />}
    </Layout>
  );
}
