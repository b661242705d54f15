/** The viewer for one document inside a ZIP: reads it from main and shows it as a PDF, an image, or not at all. */
import { useEffect, useState } from 'react';
import type { ArchiveDocument, ZipEntryInfo } from '../../../../common/archive.js';
import type { DocumentStoreApi } from '../../../../common/contract.js';
import type { ErrorPayload } from '../../../../common/result.js';
import { settle } from '../../shared/document-store.js';
import { describeContentType, formatMegabytes } from '../../shared/format.js';
import { useFocusOnMount } from '../../shared/use-focus.js';
import { ImageViewer } from './image-viewer.js';
import { PdfViewer } from './pdf-viewer.js';

export interface DocumentViewerProps {
  readonly api: DocumentStoreApi;
  /** The archive entry (the ZIP) by id. */
  readonly id: string;
  readonly entry: ZipEntryInfo;
  readonly onSaveCopy: () => void;
  readonly onClose: () => void;
}

type DocumentState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly document: ArchiveDocument }
  | { readonly status: 'failed'; readonly error: ErrorPayload };

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** One document from inside the ZIP, shown in the app (PDF pages, images); its bytes come from main, never from disk. */
export function DocumentViewer({ api, id, entry, onSaveCopy, onClose }: DocumentViewerProps) {
  const [state, setState] = useState<DocumentState>({ status: 'loading' });
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const expected = entry.document?.sha256 ?? null;

  useEffect(() => {
    let current = true;
    void settle(api.archive.readEntry(id, entry.name)).then((result) => {
      if (current) {
        setState(result.ok ? { status: 'ready', document: result.value } : { status: 'failed', error: result.error });
      }
    });
    return () => {
      current = false;
    };
  }, [api, id, entry.name]);

  return (
    <section className="app-viewer" aria-labelledby="viewer-heading">
      <h2 id="viewer-heading" ref={headingRef} tabIndex={-1} className="app-path">
        {entry.name}
      </h2>
      <p className="nhsuk-body-s app-viewer__meta">
        {describeContentType(entry.contentType ?? undefined)}, {formatMegabytes(entry.size)}
        {state.status === 'ready' && expected !== null
          ? state.document.sha256 === expected
            ? '. Its SHA-256 matches the manifest.'
            : '. Its SHA-256 does NOT match the manifest.'
          : '.'}
      </p>
      {state.status === 'loading' ? <p className="nhsuk-body">Reading the document from the ZIP…</p> : null}
      {state.status === 'failed' ? (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">Error:</span> {state.error.message}
        </p>
      ) : null}
      {state.status === 'ready' ? <Content document={state.document} /> : null}
      <div className="nhsuk-button-group">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onSaveCopy}>
          Save a copy…
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onClose}>
          Close viewer
        </button>
      </div>
    </section>
  );
}

function Content({ document }: { readonly document: ArchiveDocument }) {
  if (document.contentType === 'application/pdf') {
    return <PdfViewer document={document} />;
  }
  if (document.contentType !== null && IMAGE_TYPES.has(document.contentType)) {
    return <ImageViewer document={document} />;
  }
  return <p className="nhsuk-body">The app cannot show this type of document. Use &quot;Save a copy…&quot; and open the copy with another program.</p>;
}
