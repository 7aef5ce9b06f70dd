import type { ComponentType } from 'react';

/** What a page receives: the route's parameters and the location's query. */
export interface PageProps {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}

/** One page of the app at a hash path pattern (`/runs/details/:id`); pages load on demand. */
export interface AppRoute {
  readonly pattern: string;
  readonly page: ComponentType<PageProps>;
  /** The nav entry this page belongs to (highlighted while it is shown). */
  readonly section: Section;
}

export type Section = 'pipelines' | 'experiments' | 'runs' | 'recurringruns' | 'settings';
