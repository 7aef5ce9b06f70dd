import { type ComponentProps, type ComponentType, lazy } from 'react';

/** Swaps a failed import for a fresh one, for each retryingLazy whose import failed. */
const failedLoads = new Set<() => void>();

/**
 * `React.lazy` whose import can be tried again after it failed. React.lazy keeps a rejected import
 * for good, so code that could not load while the server was down would stay broken until a full
 * reload; here retryFailedLoads() (the error boundary's "Try again", and each move to another page)
 * makes the next render import it afresh.
 */
// biome-ignore lint/suspicious/noExplicitAny: the constraint React.lazy itself uses.
export function retryingLazy<T extends ComponentType<any>>(load: () => Promise<{ default: T }>): T {
  const fresh = () =>
    lazy(() =>
      load().catch((error: unknown) => {
        // Not at once: React draws the failed import again to show its error, which must not start another.
        failedLoads.add(() => {
          current = fresh();
        });
        throw error;
      }),
    );
  let current = fresh();
  function RetryingLazy(props: ComponentProps<T>) {
    const Current = current;
    return <Current {...props} />;
  }
  // It takes T's props and draws T with them: to its users it is a T.
  return RetryingLazy as unknown as T;
}

/** Let every lazy component whose import failed import again when next drawn. */
export function retryFailedLoads(): void {
  const swaps = [...failedLoads];
  failedLoads.clear();
  for (const swap of swaps) swap();
}
