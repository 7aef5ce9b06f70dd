import { type ParamDef, TYPE_LABELS } from './param-fields';

/** One typed parameter: a number, a checkbox, a text, or a JSON editor; its message below. */
export function ParamField({
  def,
  text,
  error,
  onChange,
  onBlur,
}: {
  readonly def: ParamDef;
  readonly text: string;
  readonly error: string | undefined;
  readonly onChange: (text: string) => void;
  readonly onBlur: () => void;
}) {
  const id = `param-${def.name}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = error === undefined ? hintId : `${hintId} ${errorId}`;
  const common = { id, 'aria-describedby': described, 'aria-invalid': error !== undefined, onBlur };
  return (
    <div className="field" data-param={def.name}>
      {def.type === 'BOOLEAN' ? (
        <label>
          <input
            type="checkbox"
            {...common}
            checked={text === 'true'}
            onChange={(event) => onChange(event.target.checked ? 'true' : 'false')}
          />
          <span className="label">{def.name}</span>
        </label>
      ) : (
        <label className="label" htmlFor={id}>
          {def.name}
        </label>
      )}
      {def.type === 'LIST' || def.type === 'STRUCT' ? (
        <textarea
          {...common}
          rows={Math.min(8, Math.max(2, text.split('\n').length))}
          spellCheck={false}
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : def.type === 'BOOLEAN' ? null : (
        <input
          {...common}
          type="text"
          inputMode={def.type === 'STRING' ? 'text' : 'decimal'}
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      <span className="hint" id={hintId}>
        {TYPE_LABELS[def.type]}
        {def.optional ? ', optional' : ', required'}
        {def.defaultValue !== undefined ? ` (default ${JSON.stringify(def.defaultValue)})` : ''}
        {def.description ? ` · ${def.description}` : ''}
      </span>
      {error !== undefined && (
        <span className="field-error" id={errorId} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
