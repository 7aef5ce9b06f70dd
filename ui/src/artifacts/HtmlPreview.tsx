/**
 * HTML in a frame with `sandbox="allow-scripts"` only: its scripts run in an opaque origin that can
 * read nothing of this page (never allow-same-origin). The text goes in `srcdoc`, since the API's
 * token cannot ride on a frame's src.
 */
export function HtmlPreview({ html, name }: { readonly html: string; readonly name: string }) {
  return (
    <iframe className="artifact-html" title={`HTML artifact ${name}`} sandbox="allow-scripts" srcDoc={html} />
  );
}
