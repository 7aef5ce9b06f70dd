import { uploadErrorView } from './upload-error';

/** Why an upload was refused: the code, what is wrong, where in the file, and the fix. */
export function UploadErrorBanner({ error }: { readonly error: unknown }) {
  const view = uploadErrorView(error);
  return (
    <div className="banner banner-error" role="alert" aria-label="Upload refused">
      <span className="code">{view.code}</span>
      <span>{view.message}</span>
      {view.location !== undefined && (
        <span>
          <strong>Where:</strong> <span className="mono">{view.location}</span>
        </span>
      )}
      {view.fix !== undefined && (
        <span>
          <strong>Fix:</strong> {view.fix}
        </span>
      )}
    </div>
  );
}
