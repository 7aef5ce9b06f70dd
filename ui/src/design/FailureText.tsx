/**
 * A failure message as written (a traceback keeps its lines and indentation), in a box of bounded
 * height that scrolls, so a long one does not push the rest of the panel away. `label` names it.
 */
export function FailureText({ text, label }: { readonly text: string; readonly label: string }) {
  return (
    <figure className="failure-text" aria-label={label}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a box that scrolls must be reachable by keyboard. */}
      <pre tabIndex={0}>{text}</pre>
    </figure>
  );
}
