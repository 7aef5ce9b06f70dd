import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorBanner } from '../design/ErrorBanner';
import { retryFailedLoads } from './retrying-lazy';

interface State {
  readonly error: unknown;
}

/**
 * Shows what broke in place of a panel that threw while drawing, instead of a blank page. "Try
 * again" and a new `resetKey` (another page) draw it again, importing afresh code that failed to load.
 */
export class ErrorBoundary extends Component<
  { readonly children: ReactNode; readonly resetKey?: string },
  State
> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidUpdate(previous: { readonly resetKey?: string }): void {
    if (previous.resetKey === this.props.resetKey) return;
    // Coming back later to a page whose code failed to load must load it again.
    retryFailedLoads();
    if (this.state.error !== undefined) this.setState({ error: undefined });
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Skiff UI: a panel failed to draw', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === undefined) return this.props.children;
    return (
      <ErrorBanner
        title="This part of the page could not be shown"
        error={this.state.error}
        onRetry={() => {
          retryFailedLoads();
          this.setState({ error: undefined });
        }}
      />
    );
  }
}
