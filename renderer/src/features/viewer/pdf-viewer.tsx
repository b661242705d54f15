/** A PDF document from inside a ZIP, shown page by page in the viewer, with zoom, rotation, print and each page's text. */
import { useEffect, useRef, useState } from 'react';
import type { ArchiveDocument } from '../../../../common/archive.js';
import { base64ToBytes } from './base64.js';
import type { PdfFile } from './pdf-document.js';
import { PrintPages } from './print-pages.js';
import { type ViewerPlace } from './viewer-place.js';
import { ViewerToolbar } from './viewer-toolbar.js';
import { ViewerFrame, frameWidth } from './viewer-frame.js';

type PdfState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly file: PdfFile }
  | { readonly status: 'failed' };

type PrintState = { readonly status: 'idle' } | { readonly status: 'preparing' } | { readonly status: 'ready'; readonly pages: ReadonlyArray<string> };

/** The width printed pages are drawn at, in CSS pixels: about the printable width of A4. */
const PRINT_WIDTH = 700;

export interface PdfViewerProps {
  readonly document: ArchiveDocument;
  /** Where the user was in this PDF (page, zoom, rotation, scroll). */
  readonly place: ViewerPlace;
  readonly onPlaceChange: (place: ViewerPlace) => void;
}

/**
 * A PDF's pages drawn on a canvas, one at a time with Previous and Next. pdf.js is loaded (dynamic import) only
 * now, the first time a PDF is opened. The canvas is named "Page 1 of 3 of <file>", and the page's text is offered
 * as a text alternative below it. "Print" draws every page as an image and prints those.
 */
export function PdfViewer({ document, place, onPlaceChange }: PdfViewerProps) {
  const [pdf, setPdf] = useState<PdfState>({ status: 'loading' });
  const [drawn, setDrawn] = useState<{ readonly page: number; readonly text: string } | null>(null);
  const [renderProblem, setRenderProblem] = useState(false);
  const [print, setPrint] = useState<PrintState>({ status: 'idle' });
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const pageCount = pdf.status === 'ready' ? pdf.file.pageCount : 1;
  const pageNumber = Math.min(Math.max(1, place.page), pageCount);

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
    const layout = { cssWidth: (frameWidth(frameRef.current) * place.zoom) / 100, rotation: place.rotation };
    void Promise.all([pdf.file.renderPage(pageNumber, canvas, layout), pdf.file.pageText(pageNumber)]).then(
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
  }, [pdf, pageNumber, place.zoom, place.rotation]);

  useEffect(() => {
    if (print.status !== 'preparing' || pdf.status !== 'ready') {
      return undefined;
    }
    let current = true;
    // A function, not the flag read in place: the cleanup flips it while the awaits below are pending.
    const stillCurrent = () => current;
    let handedOver = false;
    const urls: string[] = [];
    void (async () => {
      // One page at a time: a whole record's pages drawn at once would hold every canvas in memory together.
      for (let page = 1; page <= pdf.file.pageCount && stillCurrent(); page += 1) {
        const image = await pdf.file.pageImage(page, { cssWidth: PRINT_WIDTH, rotation: place.rotation });
        if (stillCurrent()) {
          urls.push(URL.createObjectURL(image));
        }
      }
      if (stillCurrent()) {
        handedOver = true;
        setPrint({ status: 'ready', pages: urls });
      }
    })().catch(() => {
      if (current) {
        urls.forEach((url) => URL.revokeObjectURL(url));
        setRenderProblem(true);
        setPrint({ status: 'idle' });
      }
    });
    return () => {
      // Pages not yet handed to the printout are freed here; those handed over are freed once printed.
      current = false;
      if (!handedOver) {
        urls.forEach((url) => URL.revokeObjectURL(url));
      }
    };
  }, [print.status, pdf, place.rotation]);

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
  const label = `Page ${pageNumber} of ${pageCount} of ${document.name}`;
  const toPage = (page: number) => {
    frameRef.current?.scrollTo(0, 0);
    onPlaceChange({ ...place, page, scrollTop: 0 });
  };
  function printed(pages: ReadonlyArray<string>): void {
    pages.forEach((url) => URL.revokeObjectURL(url));
    setPrint({ status: 'idle' });
  }
  return (
    <div className="app-pdf">
      <ViewerToolbar place={place} onChange={onPlaceChange} onPrint={() => setPrint({ status: 'preparing' })} printing={print.status !== 'idle'} />
      <nav className="app-pdf__pages" aria-label="Pages of the PDF">
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={pageNumber <= 1} onClick={() => toPage(pageNumber - 1)}>
          Previous page
        </button>
        <p className="app-pdf__position" aria-live="polite">
          Page {pageNumber} of {pageCount}
        </p>
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={pageNumber >= pageCount} onClick={() => toPage(pageNumber + 1)}>
          Next page
        </button>
      </nav>
      {renderProblem ? (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">Error:</span> Page {pageNumber} could not be drawn. Use &quot;Save a copy…&quot; and open the
          copy with another program.
        </p>
      ) : null}
      <ViewerFrame boxRef={frameRef} ready={drawn !== null} place={place} onPlaceChange={onPlaceChange}>
        <canvas ref={canvasRef} className="app-pdf__page" role="img" aria-label={label} data-drawn-page={drawn?.page ?? 0}>
          {label}
        </canvas>
      </ViewerFrame>
      {drawn?.page === pageNumber ? (
        <details className="nhsuk-details">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Text on page {pageNumber}</span>
          </summary>
          <div className="nhsuk-details__text app-pdf__text">{drawn.text === '' ? 'No text could be read from this page: it may be a scanned image.' : drawn.text}</div>
        </details>
      ) : null}
      {print.status === 'ready' ? <PrintPages name={document.name} pages={print.pages} onPrinted={() => printed(print.pages)} /> : null}
    </div>
  );
}
