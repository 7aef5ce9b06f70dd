import { useEffect, useState } from 'react';
import { setQueryParam } from '../../router/hash-location';
import { type ListParams, SORTS } from './list-params';

/** The name filter (applied after a short pause in typing) and the sort order, kept in the location. */
export function ListToolbar({ params }: { readonly params: ListParams }) {
  const [text, setText] = useState(params.name);
  useEffect(() => setText(params.name), [params.name]);
  useEffect(() => {
    if (text.trim() === params.name) return undefined;
    const timer = setTimeout(() => setQueryParam('name', text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, params.name]);
  return (
    <div className="toolbar">
      <input
        type="search"
        aria-label="Filter by name"
        placeholder="Filter by name"
        value={text}
        onChange={(event) => setText(event.target.value)}
        className="pipelines-filter"
      />
      <label>
        <span className="muted">Sort</span>
        <select
          aria-label="Sort by"
          value={params.sort}
          onChange={(event) => setQueryParam('sort', event.target.value)}
        >
          {SORTS.map((sort) => (
            <option key={sort.id} value={sort.id}>
              {sort.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
