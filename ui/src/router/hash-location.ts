import { useSyncExternalStore } from 'react';

/** Where the app is: the part of the URL after `#`, as KFP's UI uses it (`#/runs/details/ID?x=y`). */
export interface HashLocation {
  /** `/runs/details/ID`, always starting with `/`, no trailing slash (but `/`). */
  readonly path: string;
  /** The path's segments, percent-decoded. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
}

/** Parse `#/a/b?x=1` (with or without the `#`). */
export function parseHash(hash: string): HashLocation {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const mark = text.indexOf('?');
  const rawPath = mark < 0 ? text : text.slice(0, mark);
  const query = new URLSearchParams(mark < 0 ? '' : text.slice(mark + 1));
  const segments = rawPath
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  return { path: `/${segments.map(encodeURIComponent).join('/')}`, segments, query };
}

/** The href of an app path: `#/runs/details/ID`. Segments given separately are percent-encoded. */
export function hashHref(...parts: readonly string[]): string {
  return `#/${parts.map((part) => part.split('/').map(encodeURIComponent).join('/')).join('/')}`;
}

/** Go to an app path (`/runs`, or an href starting with `#`). */
export function navigate(to: string, options: { readonly replace?: boolean } = {}): void {
  const hash = to.startsWith('#') ? to : `#${to}`;
  if (options.replace) window.location.replace(hash);
  else window.location.hash = hash;
}

let cached: { hash: string; location: HashLocation } | undefined;

function snapshot(): HashLocation {
  const hash = window.location.hash;
  if (cached?.hash !== hash) cached = { hash, location: parseHash(hash) };
  return cached.location;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The current location; re-renders when the hash changes. */
export function useHashLocation(): HashLocation {
  return useSyncExternalStore(subscribe, snapshot);
}

/** Replace one query parameter of the current location (filters, tabs) without a history entry. */
export function setQueryParam(name: string, value: string | undefined): void {
  const location = snapshot();
  const query = new URLSearchParams(location.query);
  if (value === undefined || value === '') query.delete(name);
  else query.set(name, value);
  const search = query.toString();
  navigate(`${location.path}${search === '' ? '' : `?${search}`}`, { replace: true });
}
