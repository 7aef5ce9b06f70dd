import Markdown from 'react-markdown';

/**
 * Markdown rendered (loads react-markdown). Raw HTML is not rendered (skipped), links open in a new
 * tab, and images show only when embedded (`data:`): nothing is fetched from another origin.
 */
export function MarkdownView({ text }: { readonly text: string }) {
  return (
    <div className="artifact-markdown">
      <Markdown
        skipHtml
        components={{
          a: ({ href, children }) => (
            <a href={href} target="_blank" rel="noopener noreferrer">
              {children}
            </a>
          ),
          img: ({ src, alt }) =>
            typeof src === 'string' && src.startsWith('data:image/') ? (
              <img src={src} alt={alt ?? ''} />
            ) : (
              <span className="muted">[image: {alt || src}]</span>
            ),
        }}
      >
        {text}
      </Markdown>
    </div>
  );
}
