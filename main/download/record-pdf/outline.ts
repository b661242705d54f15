/**
 * The record PDF's bookmarks: one outline entry per merged document, in index order, each opening the document's
 * first page. pdf-lib has no outline API, so the /Outlines tree (PDF 32000-1, 12.3.3) is built from its objects.
 */
import type { PDFArray} from 'pdf-lib';
import { type PDFDocument, PDFHexString, PDFName, PDFNull, PDFNumber, type PDFRef } from 'pdf-lib';

export interface Bookmark {
  readonly title: string;
  readonly page: PDFRef;
}

/** Adds a flat outline of `bookmarks` to the document and asks viewers to show it when the file opens. */
export function addOutline(document: PDFDocument, bookmarks: ReadonlyArray<Bookmark>): void {
  if (bookmarks.length === 0) {
    return;
  }
  const context = document.context;
  const outlinesRef = context.nextRef();
  const itemRefs = bookmarks.map(() => context.nextRef());
  bookmarks.forEach((bookmark, index) => {
    const item = context.obj({});
    // Titles are text strings: UTF-16 in a hex string keeps every character of a file name, unlike the index's font.
    item.set(PDFName.of('Title'), PDFHexString.fromText(bookmark.title));
    item.set(PDFName.of('Parent'), outlinesRef);
    const previous = itemRefs[index - 1];
    const next = itemRefs[index + 1];
    if (previous !== undefined) {
      item.set(PDFName.of('Prev'), previous);
    }
    if (next !== undefined) {
      item.set(PDFName.of('Next'), next);
    }
    item.set(PDFName.of('Dest'), pageDestination(document, bookmark.page));
    context.assign(itemRefs[index] as PDFRef, item);
  });
  const outlines = context.obj({});
  outlines.set(PDFName.of('Type'), PDFName.of('Outlines'));
  outlines.set(PDFName.of('First'), itemRefs[0] as PDFRef);
  outlines.set(PDFName.of('Last'), itemRefs[itemRefs.length - 1] as PDFRef);
  outlines.set(PDFName.of('Count'), PDFNumber.of(itemRefs.length));
  context.assign(outlinesRef, outlines);
  document.catalog.set(PDFName.of('Outlines'), outlinesRef);
  document.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

/** An explicit destination: the top-left of the page, at the zoom the reader already has. */
export function pageDestination(document: PDFDocument, page: PDFRef): PDFArray {
  return document.context.obj([page, PDFName.of('XYZ'), PDFNull, PDFNull, PDFNull]);
}
