/**
 * The viewer for one document inside a ZIP: reads it from main and shows it as a PDF, an image, or not at all, with
 * the previous and next document (buttons, and the arrow keys while the viewer has focus).
 */
import { type KeyboardEvent, useEffect, useState } from 'react';
import type { ArchiveDocument, ZipEntryInfo } from '../../../../common/archive.js';
import type { DocumentStoreApi } from '../../../../common/contract.js';
import type { ErrorPayload } from '../../../../common/result.js';
import { settle } from '../../shared/document-store.js';
import { describeContentType, formatCount, formatMegabytes } from '../../shared/format.js';
import { useFocusOnMount } from '../../shared/use-focus.js';
import { ImageViewer } from './image-viewer.js';
import { PdfViewer } from './pdf-viewer.js';
import type { ViewerPlace } from './viewer-place.js';

export interface DocumentViewerProps {
  readonly api: DocumentStoreApi;
  /** The archive entry (the ZIP) by id. */
  readonly id: string;
  readonly entry: ZipEntryInfo;
  /** Where the user was in this document; the first page, fitted to the width, the first time. */
  readonly place: ViewerPlace;
  readonly onPlaceChange: (place: ViewerPlace) => void;
  /** This document's place among those that can be viewed (0-based), and how many there are. */
  readonly position: { readonly index: number; readonly count: number };
  readonly onPrevious: () => void;
  readonly onNext: () => void;
  readonly onSaveCopy: () => void;
  readonly onClose: () => void;
}

type DocumentState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly document: ArchiveDocument }
  | { readonly status: 'failed'; readonly error: ErrorPayload };

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** One document from inside the ZIP, shown in the app (PDF pages, images); its bytes come from main, never from disk. */
export function DocumentViewer({ api, id, entry, place, onPlaceChange, position, onPrevious, onNext, onSaveCopy, onClose }: DocumentViewerProps) {
  const [state, setState] = useState<DocumentState>({ status: 'loading' });
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const expected = entry.document?.sha256 ?? null;
  const hasPrevious = position.index > 0;
  const hasNext = position.index < position.count - 1;

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

  // Left and right arrows move between documents while focus is in the viewer (not in a field, where they move the caret).
  function onKeyDown(event: KeyboardEvent<HTMLElement>): void {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || isTextField(event.target)) {
      return;
    }
    if (event.key === 'ArrowLeft' && hasPrevious) {
      event.preventDefault();
      onPrevious();
    } else if (event.key === 'ArrowRight' && hasNext) {
      event.preventDefault();
      onNext();
    }
  }

  return (
    <section className="app-viewer" aria-labelledby="viewer-heading" onKeyDown={onKeyDown}>
      <nav className="app-viewer__documents" aria-label="Documents in this ZIP">
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={!hasPrevious} onClick={onPrevious}>
          Previous document
        </button>
        <p className="app-viewer__position">
          Document {formatCount(position.index + 1)} of {formatCount(position.count)}
        </p>
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={!hasNext} onClick={onNext}>
          Next document
        </button>
      </nav>
      <h2 id="viewer-heading" ref={headingRef} tabIndex={-1} className="app-path">
        {entry.name}
      </h2>
      <p className="nhsuk-body-s app-viewer__meta">
        {describeContentType(entry.contentType ?? undefined)}, {formatMegabytes(entry.size)}
        {state.status === 'ready' && expected !== null
          ? state.document.sha256 === expected
            ? '. It is unchanged since it was saved.'
            : '. It is NOT the same as when it was saved: do not rely on it.'
          : '.'}
      </p>
      <p className="nhsuk-body-s app-viewer__hint">The left and right arrow keys also move to the previous and next document.</p>
      {state.status === 'loading' ? <p className="nhsuk-body">Reading the document from the ZIP…</p> : null}
      {state.status === 'failed' ? (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">Error:</span> {state.error.message}
        </p>
      ) : null}
      {state.status === 'ready' ? <Content document={state.document} place={place} onPlaceChange={onPlaceChange} /> : null}
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

interface ContentProps {
  readonly document: ArchiveDocument;
  readonly place: ViewerPlace;
  readonly onPlaceChange: (place: ViewerPlace) => void;
}

function Content({ document, place, onPlaceChange }: ContentProps) {
  if (document.contentType === 'application/pdf') {
    return <PdfViewer document={document} place={place} onPlaceChange={onPlaceChange} />;
  }
  if (document.contentType !== null && IMAGE_TYPES.has(document.contentType)) {
    return <ImageViewer document={document} place={place} onPlaceChange={onPlaceChange} />;
  }
  return <p className="nhsuk-body">The app cannot show this type of document. Use &quot;Save a copy…&quot; and open the copy with another program.</p>;
}

function isTextField(target: EventTarget): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}
