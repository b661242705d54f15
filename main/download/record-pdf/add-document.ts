/**
 * Adds one document of the record to the PDF being built: a PDF's own pages, or a PNG or JPEG as a page of its own
 * scaled to fit A4. A document that cannot be added says why in plain words and leaves no page behind.
 *
 * The pages are made children of the page tree's root but not listed in it: the caller writes them to the file at
 * once (write-pdf.ts) and lists them all at the end, so pdf-lib never has to look them up again.
 */
import { PDFDocument, type PDFImage, PDFPage, PDFRawStream, type PDFRef } from 'pdf-lib';
import { mediaTypeOf } from '../../../common/media-types.js';

export type DocumentKind = 'pdf' | 'png' | 'jpeg' | 'other';

/** What adding a document did: where its pages start and how many there are, or why it stays in the ZIP only. */
export type Added = { readonly ok: true; readonly pages: ReadonlyArray<PDFRef>; readonly firstPage: PDFRef } | { readonly ok: false; readonly reason: string };

/** A4 in PDF points. */
export const A4 = { width: 595.28, height: 841.89 } as const;
const IMAGE_MARGIN = 28;

const KINDS: ReadonlyMap<string, DocumentKind> = new Map([
  ['application/pdf', 'pdf'],
  ['image/png', 'png'],
  ['image/jpeg', 'jpeg'],
]);

/** The kind by the entry name's extension, then by the content type stored with the document. */
export function documentKind(name: string, contentType: string | null): DocumentKind {
  const type = mediaTypeOf(name) ?? contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return KINDS.get(type) ?? 'other';
}

export const REASONS = {
  otherFormat: 'this kind of file cannot be put into a PDF; open it from the ZIP',
  encrypted: 'it is password-protected, so its pages cannot be copied',
  damagedPdf: 'it is damaged: its pages could not be read',
  damagedImage: 'the image is damaged or in a form that cannot be read',
} as const;

/** Makes the document's pages in `output`, children of `parent`; a document that fails part-way makes none that count. */
export async function addDocument(output: PDFDocument, parent: PDFRef, kind: DocumentKind, data: Uint8Array): Promise<Added> {
  switch (kind) {
    case 'pdf':
      return addPdf(output, parent, data);
    case 'png':
      return addImage(output, parent, kind, data);
    case 'jpeg':
      // pdf-lib's JPEG reader views the whole underlying ArrayBuffer from its start, so a view into a larger buffer
      // would be read past its end (or from the wrong place); and the JPEG's bytes become the image's stream as they
      // are, so they must not be a buffer read over later. new Uint8Array copies; a Buffer's slice() is another view.
      return addImage(output, parent, kind, data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : new Uint8Array(data));
    case 'other':
      return { ok: false, reason: REASONS.otherFormat };
  }
}

async function addPdf(output: PDFDocument, parent: PDFRef, bytes: Uint8Array): Promise<Added> {
  let source: PDFDocument;
  try {
    // Loaded even when encrypted, to tell that apart from damage (pdf-lib's error classes fail instanceof).
    source = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
  } catch {
    return { ok: false, reason: REASONS.damagedPdf };
  }
  if (source.isEncrypted) {
    return { ok: false, reason: REASONS.encrypted };
  }
  try {
    const count = source.getPageCount();
    if (count === 0) {
      return { ok: false, reason: REASONS.damagedPdf };
    }
    moveStreamsOnCopy(source);
    // Copy every page before any counts, so a failure part-way leaves no half document in the record.
    const pages = await output.copyPages(source, source.getPageIndices());
    for (const page of pages) {
      page.node.setParent(parent);
    }
    const first = pages[0];
    return first === undefined ? { ok: false, reason: REASONS.damagedPdf } : { ok: true, pages: pages.map((page) => page.ref), firstPage: first.ref };
  } catch {
    return { ok: false, reason: REASONS.damagedPdf };
  }
}

/**
 * pdf-lib copies every stream's bytes when it copies pages (PDFRawStream.clone slices them), though the source is
 * dropped right after: its streams' bytes are handed over instead, so a document's page contents and images are
 * not held twice while it is added (the copy doubled what each document left for the garbage collector).
 */
function moveStreamsOnCopy(source: PDFDocument): void {
  for (const [, object] of source.context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream) {
      object.clone = (context) => PDFRawStream.of(object.dict.clone(context), object.contents);
    }
  }
}

async function addImage(output: PDFDocument, parent: PDFRef, kind: 'png' | 'jpeg', bytes: Uint8Array): Promise<Added> {
  let image: PDFImage;
  try {
    image = kind === 'png' ? await output.embedPng(bytes) : await output.embedJpg(bytes);
    // Now, not when the document is saved: pdf-lib holds a PNG's decoded pixels until the image is embedded.
    await image.embed();
  } catch {
    return { ok: false, reason: REASONS.damagedImage };
  }
  if (!(image.width > 0 && image.height > 0)) {
    return { ok: false, reason: REASONS.damagedImage };
  }
  // A landscape image gets a landscape page, so a wide scan is not shrunk to a strip.
  const landscape = image.width > image.height;
  const page = PDFPage.create(output);
  page.node.setParent(parent);
  page.setSize(landscape ? A4.height : A4.width, landscape ? A4.width : A4.height);
  const { width: pageWidth, height: pageHeight } = page.getSize();
  const scale = Math.min((pageWidth - 2 * IMAGE_MARGIN) / image.width, (pageHeight - 2 * IMAGE_MARGIN) / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  page.drawImage(image, { x: (pageWidth - width) / 2, y: (pageHeight - height) / 2, width, height });
  return { ok: true, pages: [page.ref], firstPage: page.ref };
}
