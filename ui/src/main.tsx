import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/api-error';
import { App } from './app/App';
import { prefetchRunsList } from './pages/runs/first-page';
import './design/tokens.css';
import './design/layout.css';
import './design/components.css';

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // Errors the user must act on (4xx) are not retried; a dropped connection is, twice.
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
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
