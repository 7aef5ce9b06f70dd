import type { ReactNode } from 'react';

export interface Crumb {
  readonly label: string;
  readonly href?: string;
}

/** A page's title, breadcrumb and actions. */
export function PageHeader({
  title,
  crumbs = [],
  actions,
  children,
}: {
  readonly title: ReactNode;
  readonly crumbs?: readonly Crumb[];
  readonly actions?: ReactNode;
  readonly children?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        {crumbs.length > 0 && (
          <nav className="breadcrumb" aria-label="Breadcrumb">
            {crumbs.map((crumb, index) => (
              <span key={`${crumb.label}|${crumb.href ?? ''}`}>
                {crumb.href === undefined ? crumb.label : <a href={crumb.href}>{crumb.label}</a>}
                {index < crumbs.length - 1 && ' /'}
              </span>
            ))}
          </nav>
        )}
        <h1>{title}</h1>
      </div>
      {children}
      {actions !== undefined && <div className="actions">{actions}</div>}
    </header>
  );
}
