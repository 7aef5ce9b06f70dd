import { isMasked, valueText } from './config-source';

/** A configuration value; a secret the server masked says so. */
export function ValueCell({ value }: { readonly value: unknown }) {
  const text = valueText(value);
  return (
    <span className="mono value">
      {text}
      {isMasked(value) && (
        <span className="badge masked" title="A secret: the server never sends its value">
          masked
        </span>
      )}
    </span>
  );
}
