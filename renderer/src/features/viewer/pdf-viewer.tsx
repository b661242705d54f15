/** A PDF document from inside a ZIP, shown page by page in the viewer, with each page's text. */
import { useEffect, useRef, useState } from 'react';
import type { ArchiveDocument } from '../../../../common/archive.js';
import { base64ToBytes } from './base64.js';
import type { PdfFile } from './pdf-document.js';

type PdfState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly file: PdfFile }
  | { readonly status: 'failed' };

/** The widest a page is drawn, in CSS pixels; narrower windows draw it to fit. */
const MAX_PAGE_WIDTH = 900;

/**
 * A PDF's pages drawn on a canvas, one at a time with Previous and Next. pdf.js is loaded (dynamic import) only
 * now, the first time a PDF is opened. The canvas is named "Page 1 of 3 of <file>", and the page's text is offered
 * as a text alternative below it.
 */
export function PdfViewer({ document }: { readonly document: ArchiveDocument }) {
  const [pdf, setPdf] = useState<PdfState>({ status: 'loading' });
  const [pageNumber, setPageNumber] = useState(1);
  const [drawn, setDrawn] = useState<{ readonly page: number; readonly text: string } | null>(null);
  const [renderProblem, setRenderProblem] = useState(false);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let current = true;
    let opened: PdfFile | undefined;
    void import('./pdf-document.js')
      .then(({ openPdf }) => openPdf(base64ToBytes(document.base64)))
      .then(
        (file) => {
          if (current) {
            opened = file;
            setPdf({ status: 'ready', file });
          } else {
            void file.close();
          }
        },
        () => {
          if (current) {
            setPdf({ status: 'failed' });
          }
        },
      );
    return () => {
      current = false;
      void opened?.close();
    };
  }, [document]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (pdf.status !== 'ready' || canvas === null) {
      return undefined;
    }
    let current = true;
    const width = Math.min(frameRef.current?.clientWidth ?? MAX_PAGE_WIDTH, MAX_PAGE_WIDTH);
    void Promise.all([pdf.file.renderPage(pageNumber, canvas, width), pdf.file.pageText(pageNumber)]).then(
      ([, text]) => {
        if (current) {
          setRenderProblem(false);
          setDrawn({ page: pageNumber, text });
        }
      },
      (error: unknown) => {
        // A render cancelled because the user moved to another page is not a problem.
        if (current && !(error instanceof Error && error.name === 'RenderingCancelledException')) {
          setRenderProblem(true);
        }
      },
    );
    return () => {
      current = false;
    };
  }, [pdf, pageNumber]);

  if (pdf.status === 'failed') {
    return (
      <p className="nhsuk-error-message" role="alert">
        <span className="nhsuk-u-visually-hidden">Error:</span> This PDF could not be shown: it may be damaged, or use features the viewer
        does not support. Use &quot;Save a copy…&quot; and open the copy with another program.
      </p>
    );
  }
  if (pdf.status === 'loading') {
    return <p className="nhsuk-body">Opening the PDF…</p>;
  }
  const { pageCount } = pdf.file;
  const label = `Page ${pageNumber} of ${pageCount} of ${document.name}`;
  return (
    <div className="app-pdf">
      <nav className="app-pdf__pages" aria-label="Pages of the PDF">
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={pageNumber <= 1} onClick={() => setPageNumber((page) => page - 1)}>
          Previous page
        </button>
        <p className="app-pdf__position" aria-live="polite">
          Page {pageNumber} of {pageCount}
        </p>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          disabled={pageNumber >= pageCount}
          onClick={() => setPageNumber((page) => page + 1)}
        >
          Next page
        </button>
      </nav>
      {renderProblem ? (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">Error:</span> Page {pageNumber} could not be drawn. Use &quot;Save a copy…&quot; and open the
          copy with another program.
        </p>
      ) : null}
      <div className="app-viewer__frame" ref={frameRef}>
        <canvas ref={canvasRef} className="app-pdf__page" role="img" aria-label={label} data-drawn-page={drawn?.page ?? 0}>
          {label}
        </canvas>
      </div>
      {drawn?.page === pageNumber ? (
        <details className="nhsuk-details">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Text on page {pageNumber}</span>
          </summary>
          <div className="nhsuk-details__text app-pdf__text">{drawn.text === '' ? 'No text could be read from this page: it may be a scanned image.' : drawn.text}</div>
        </details>
      ) : null}
    </div>
  );
}
