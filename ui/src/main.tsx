import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { refetchWhileServerAway, retryQuery } from './api/query-retry';
import { App } from './app/App';
import { prefetchRunsList } from './pages/runs/first-page';
import './design/tokens.css';
import './design/layout.css';
import './design/components.css';

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      retry: retryQuery,
      // A page that failed while the server was away comes back by itself once it answers again.
      refetchInterval: refetchWhileServerAway,
      refetchOnWindowFocus: false,
      staleTime: 5_000,
    },
  },
});

prefetchRunsList(queries, window.location.hash);

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
