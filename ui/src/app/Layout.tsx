import type { ReactNode } from 'react';
import { ForgetToken } from '../auth/ForgetToken';
import type { Section } from './app-route';

const SECTIONS: readonly { readonly id: Section; readonly label: string; readonly href: string }[] = [
  { id: 'pipelines', label: 'Pipelines', href: '#/pipelines' },
  { id: 'experiments', label: 'Experiments', href: '#/experiments' },
  { id: 'runs', label: 'Runs', href: '#/runs' },
  { id: 'recurringruns', label: 'Recurring runs', href: '#/recurringruns' },
  { id: 'settings', label: 'Settings', href: '#/settings' },
];

/** The side navigation and the page. */
export function Layout({
  section,
  children,
}: {
  readonly section: Section | undefined;
  readonly children: ReactNode;
}) {
  return (
    <div className="app">
      <nav className="nav" aria-label="Main">
        <div className="nav-brand">Skiff</div>
        {SECTIONS.map((entry) => (
          <a key={entry.id} href={entry.href} aria-current={entry.id === section ? 'page' : undefined}>
            {entry.label}
          </a>
        ))}
        <div className="nav-footer">
          <ForgetToken />
          <div>Kubeflow Pipelines, anywhere</div>
        </div>
      </nav>
      <main className="main">{children}</main>
    </div>
  );
}
