import { useMemo } from 'react';
import { TextPreview, type TextViewProps } from './TextPreview';

/** JSON pretty-printed; text as it is when it does not parse (a cut or malformed file). */
export function JsonPreview({ text, all, onViewAll }: TextViewProps) {
  const pretty = useMemo(() => {
    try {
      return { text: JSON.stringify(JSON.parse(text), null, 2), error: undefined };
    } catch (error) {
      return { text, error: error instanceof Error ? error.message : String(error) };
    }
  }, [text]);
  return (
    <>
      {pretty.error !== undefined && <p className="muted">Not valid JSON ({pretty.error}); shown as text.</p>}
      <TextPreview text={pretty.text} all={all} onViewAll={onViewAll} />
    </>
  );
}
