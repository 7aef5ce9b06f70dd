import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { stringify } from 'yaml';
import { ErrorBanner } from '../../design/ErrorBanner';
import { tokenizeYamlLine } from './yaml-tokens';

const LINE_HEIGHT = 18;

/** The spec as read-only YAML with highlighting; lines are virtualized, so a large spec scrolls freely. */
export default function SpecYaml({ spec }: { readonly spec: unknown }) {
  const text = useMemo(() => {
    try {
      return { lines: stringify(spec, { lineWidth: 0 }).replace(/\n$/, '').split('\n') };
    } catch (error) {
      return { error };
    }
  }, [spec]);
  const scroller = useRef<HTMLElement>(null);
  const lines = text.lines ?? [];
  const virtual = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 30,
  });
  if (text.error !== undefined)
    return <ErrorBanner error={text.error} title="The spec cannot be shown as YAML" />;
  const digits = String(lines.length).length;
  return (
    <section
      ref={scroller}
      className="spec-yaml"
      aria-label="Pipeline spec (YAML)"
      data-line-count={lines.length}
    >
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((item) => (
          <div
            key={item.index}
            className="yaml-line"
            style={{
              position: 'absolute',
              top: 0,
              transform: `translateY(${item.start}px)`,
              height: LINE_HEIGHT,
            }}
          >
            <span className="yaml-number" aria-hidden="true">
              {String(item.index + 1).padStart(digits)}
            </span>
            {tokenizeYamlLine(lines[item.index] ?? '').map((token, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: tokens of a line never move.
              <span key={i} className={`yaml-${token.kind}`}>
                {token.text}
              </span>
            ))}
          </div>
        ))}
      </div>
    </section>
  );
}
