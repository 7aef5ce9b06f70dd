import { useEffect, useState } from 'react';

/** Image bytes shown through an object URL (the API needs the token, which an <img src> cannot send). */
export function ImagePreview({
  bytes,
  type,
  name,
}: {
  readonly bytes: Uint8Array;
  readonly type: string;
  readonly name: string;
}) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const made = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [bytes, type]);
  return url === undefined ? null : <img className="artifact-image" src={url} alt={name} />;
}
