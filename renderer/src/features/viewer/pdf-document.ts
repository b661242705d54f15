/**
 * PDF rendering with pdf.js, loaded only when a PDF is opened: this module is reached through a dynamic import, so
 * pdf.js and its worker stay out of the bundle that loads at start.
 *
 * The worker is served from the app itself ('self' in the CSP). `?worker&url` makes vite bundle it as a plain `.js`
 * file next to the app's own, so every server sends it with a JavaScript content type (a bare `?url` would keep the
 * `.mjs` name); one worker serves every PDF of the session. `isEvalSupported: false`: the CSP has no 'unsafe-eval', so pdf.js must not try to compile font code.
 */
import { GlobalWorkerOptions, getDocument } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?worker&url';

/** The part of the Trusted Types API used here; TypeScript's DOM library does not declare it yet. */
interface WorkerUrlPolicyFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): string };
}

// The CSP requires Trusted Types for script sinks ("trusted-types pdfjs-worker"): the worker is started from a URL
// that passed this one named policy, which accepts nothing but the bundle's own worker file.
const trustedTypes = (globalThis as { trustedTypes?: WorkerUrlPolicyFactory }).trustedTypes;
if (trustedTypes === undefined) {
  GlobalWorkerOptions.workerSrc = workerUrl;
} else {
  const workerPolicy = trustedTypes.createPolicy('pdfjs-worker', {
    createScriptURL: (url) => {
      if (url !== workerUrl) {
        throw new TypeError('Only the pdf.js worker may be loaded.');
      }
      return url;
    },
  });
  GlobalWorkerOptions.workerPort = new Worker(workerPolicy.createScriptURL(workerUrl), { type: 'module' });
}

/** How a page is drawn: its width in CSS pixels and a rotation (degrees clockwise) on top of the page's own. */
export interface PageLayout {
  readonly cssWidth: number;
  readonly rotation: number;
}

/** An open PDF: its page count, and each page drawn on a canvas, as an image for printing, or read as text. */
export interface PdfFile {
  readonly pageCount: number;
  /** Draws a page (1-based) on the canvas, sharp on high-density screens; a new call cancels one still drawing. */
  renderPage(pageNumber: number, canvas: HTMLCanvasElement, layout: PageLayout): Promise<void>;
  /** A page as a PNG, for printing; it does not disturb the page on screen. */
  pageImage(pageNumber: number, layout: PageLayout): Promise<Blob>;
  /** The page's text, for a text alternative; empty for a scanned page. */
  pageText(pageNumber: number): Promise<string>;
  close(): Promise<void>;
}

/** Pixels per CSS pixel for printed pages: sharper than the screen at a size a printer's driver can take. */
const PRINT_RATIO = 2;

/** Opens a PDF from its bytes (which pdf.js takes over); rejects when they are not a readable PDF. */
export async function openPdf(data: Uint8Array): Promise<PdfFile> {
  const task = getDocument({ data, isEvalSupported: false, enableXfa: false });
  const document = await task.promise;
  let rendering: { cancel(): void } | undefined;

  async function draw(pageNumber: number, canvas: HTMLCanvasElement, { cssWidth, rotation }: PageLayout, ratio: number) {
    const page = await document.getPage(pageNumber);
    const turned = (page.rotate + rotation) % 360;
    const unscaled = page.getViewport({ scale: 1, rotation: turned });
    const scale = Math.max(0.25, cssWidth / unscaled.width);
    const viewport = page.getViewport({ scale: scale * ratio, rotation: turned });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    return page.render({ canvas, viewport });
  }

  return {
    pageCount: document.numPages,
    async renderPage(pageNumber, canvas, layout) {
      rendering?.cancel();
      const drawing = await draw(pageNumber, canvas, layout, Math.min(window.devicePixelRatio || 1, 3));
      rendering = drawing;
      try {
        await drawing.promise;
      } finally {
        if (rendering === drawing) {
          rendering = undefined;
        }
      }
    },
    async pageImage(pageNumber, layout) {
      const canvas = window.document.createElement('canvas');
      await (await draw(pageNumber, canvas, layout, PRINT_RATIO)).promise;
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      // Free the pixels now rather than when the canvas is collected.
      canvas.width = 0;
      canvas.height = 0;
      if (blob === null) {
        throw new Error(`Page ${pageNumber} could not be made into an image.`);
      }
      return blob;
    },
    async pageText(pageNumber) {
      const page = await document.getPage(pageNumber);
      const content = await page.getTextContent();
      return content.items
        .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : ''))
        .join('')
        .replace(/[ \t]+/gu, ' ')
        .trim();
    },
    async close() {
      rendering?.cancel();
      await task.destroy();
    },
  };
}
