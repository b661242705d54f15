/** Reads a saved record PDF back with pdf.js, a reader independent of pdf-lib: its pages' text and its bookmarks. */
import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface ReadBack {
  readonly pageCount: number;
  /** Each page's text, its pieces joined by spaces. */
  readonly pageTexts: ReadonlyArray<string>;
  /** Each bookmark's title and the (0-based) page it opens. */
  readonly outline: ReadonlyArray<{ readonly title: string; readonly pageIndex: number }>;
  /** The pages of the index (those with its footer). */
  readonly indexPages: number;
}

export async function readBack(file: string): Promise<ReadBack> {
  const document = await getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 }).promise;
  try {
    const pageTexts: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const content = await (await document.getPage(number)).getTextContent();
      pageTexts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    }
    const outline = [];
    // pdf.js answers null, despite its types, for a PDF without bookmarks.
    const items = (await document.getOutline()) as Awaited<ReturnType<typeof document.getOutline>> | null;
    for (const item of items ?? []) {
      const destination = typeof item.dest === 'string' ? await document.getDestination(item.dest) : item.dest;
      const target = destination?.[0] as { num: number; gen: number };
      outline.push({ title: item.title, pageIndex: await document.getPageIndex(target) });
    }
    return { pageCount: document.numPages, pageTexts, outline, indexPages: pageTexts.filter((text) => text.includes('Index, page')).length };
  } finally {
    await document.destroy();
  }
}
