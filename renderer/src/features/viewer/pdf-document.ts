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

/** An open PDF: its page count, and each page drawn on a canvas or read as text. */
export interface PdfFile {
  readonly pageCount: number;
  /** Draws a page (1-based) to fit `cssWidth` CSS pixels wide, sharp on high-density screens. */
  renderPage(pageNumber: number, canvas: HTMLCanvasElement, cssWidth: number): Promise<void>;
  /** The page's text, for a text alternative; empty for a scanned page. */
  pageText(pageNumber: number): Promise<string>;
  close(): Promise<void>;
}

/** Opens a PDF from its bytes (which pdf.js takes over); rejects when they are not a readable PDF. */
export async function openPdf(data: Uint8Array): Promise<PdfFile> {
  const task = getDocument({ data, isEvalSupported: false, enableXfa: false });
  const document = await task.promise;
  let rendering: { cancel(): void } | undefined;
  return {
    pageCount: document.numPages,
    async renderPage(pageNumber, canvas, cssWidth) {
      rendering?.cancel();
      const page = await document.getPage(pageNumber);
      const unscaled = page.getViewport({ scale: 1 });
      const scale = Math.max(0.25, cssWidth / unscaled.width);
      const ratio = Math.min(window.devicePixelRatio || 1, 3);
      const viewport = page.getViewport({ scale: scale * ratio });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      const task = page.render({ canvas, viewport });
      rendering = task;
      try {
        await task.promise;
      } finally {
        if (rendering === task) {
          rendering = undefined;
        }
      }
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
