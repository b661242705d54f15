/** An image document from inside a ZIP, shown in the viewer. */
import { useCallback } from 'react';
import type { ArchiveDocument } from '../../../../common/archive.js';
import { base64ToBytes } from './base64.js';

/**
 * An image from inside a ZIP, shown through a blob: URL (the CSP's img-src allows blob:), with its file name as the
 * text alternative. The URL is revoked when the image goes.
 */
export function ImageViewer({ document }: { readonly document: ArchiveDocument }) {
  const show = useCallback(
    (image: HTMLImageElement | null) => {
      if (image === null) {
        return undefined;
      }
      const url = URL.createObjectURL(new Blob([base64ToBytes(document.base64)], { type: document.contentType ?? 'application/octet-stream' }));
      image.src = url;
      return () => {
        image.removeAttribute('src');
        URL.revokeObjectURL(url);
      };
    },
    [document],
  );
  return (
    <div className="app-viewer__frame">
      <img ref={show} alt={document.name} className="app-viewer__image" />
    </div>
  );
}
