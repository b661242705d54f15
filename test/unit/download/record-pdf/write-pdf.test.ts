// @vitest-environment node
/**
 * The record PDF written as it is built: each document's objects go to the file when it is added and pdf-lib forgets
 * them, so what is held does not grow with the record; the file read back (pdf.js) has every page in order, pages
 * listed in the page tree at the end included, and its size and SHA-256 are those of the file.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as nextTurn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PDFDocument, PDFRawStream, type PDFRef, StandardFonts } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDocument } from '../../../../main/download/record-pdf/add-document.js';
import { PdfFileWriter } from '../../../../main/download/record-pdf/write-pdf.js';
import { sampleJpeg } from '../../../../main/sandbox/sample-files/jpeg.js';
import { readBack } from './support/read-back.js';
import { damagedPdf, noisePdf, textPdf } from './support/record-fixture.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'write-pdf-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const heldObjects = (document: PDFDocument) => document.context.enumerateIndirectObjects().length;

/** V8's full collection, exposed for this test only: what nothing holds any more is then gone. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('PdfFileWriter', () => {
  it('holds no more objects after the tenth document than after the first, and writes every page in order', async () => {
    const file = join(folder, 'record.pdf');
    const handle = await open(file, 'wx');
    const output = await PDFDocument.create();
    const writer = await PdfFileWriter.start(output, handle);
    const pages: PDFRef[] = [];
    const held: number[] = [];
    for (let index = 1; index <= 10; index++) {
      const mark = writer.mark();
      const added = index % 2 === 0 ? await addDocument(output, writer.pagesRoot, 'pdf', await textPdf(`Letter ${index}`, 2)) : await addDocument(output, writer.pagesRoot, 'jpeg', sampleJpeg(3));
      if (!added.ok) {
        throw new Error(added.reason);
      }
      await writer.writeSince(mark);
      pages.push(...added.pages);
      held.push(heldObjects(output));
    }
    // Made last, listed first: as the index is.
    const first = output.insertPage(0);
    first.drawText('First page', { font: await output.embedFont(StandardFonts.Helvetica) });
    writer.appendPages(pages);
    const written = await writer.finish();
    await handle.close();

    expect(new Set(held).size).toBe(1);
    const bytes = await readFile(file);
    expect(written).toEqual({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    const pdf = await readBack(file);
    expect(pdf.pageCount).toBe(1 + 5 * 2 + 5);
    expect(pdf.pageTexts[0]).toContain('First page');
    expect(pdf.pageTexts[2]).toContain('Letter 2 - page 1 of 2');
    expect(pdf.pageTexts[15]).toContain('Letter 10 - page 2 of 2');
  });

  it.each([
    ['between the direct-write size and the batch', 300 * 1024],
    ['larger than the batch', 1536 * 1024],
  ])('keeps every object where the cross-reference table says, with a stream %s', async (_case, streamBytes) => {
    const file = join(folder, 'record.pdf');
    const handle = await open(file, 'wx');
    const output = await PDFDocument.create();
    const writer = await PdfFileWriter.start(output, handle);
    const mark = writer.mark();
    const added = await addDocument(output, writer.pagesRoot, 'pdf', await noisePdf('Scanned letter', streamBytes));
    if (!added.ok) {
      throw new Error(added.reason);
    }
    await writer.writeSince(mark);
    writer.appendPages(added.pages);
    await writer.finish();
    await handle.close();

    const text = (await readFile(file)).toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    const xref = /\nxref\n0 (\d+)\n((?:\d{10} \d{5} [nf] ?\r?\n)+)/u.exec(text);
    expect(xref).not.toBeNull();
    const offsets = [...(xref?.[2] ?? '').matchAll(/(\d{10}) \d{5} n/gu)].map((entry) => Number(entry[1]));
    expect(offsets.length).toBeGreaterThan(3);
    for (const [index, offset] of offsets.entries()) {
      expect(text.slice(offset, offset + 20)).toMatch(new RegExp(`^${index + 1} 0 obj`, 'u'));
    }
  });

  it('leaves nothing in the file of a document that could not be added', async () => {
    const file = join(folder, 'record.pdf');
    const handle = await open(file, 'wx');
    const output = await PDFDocument.create();
    const writer = await PdfFileWriter.start(output, handle);
    const before = heldObjects(output);

    const mark = writer.mark();
    const added = await addDocument(output, writer.pagesRoot, 'pdf', damagedPdf());
    writer.discardSince(mark);
    output.addPage();
    await writer.finish();
    await handle.close();

    expect(added.ok).toBe(false);
    expect(heldObjects(output)).toBeLessThanOrEqual(before);
    expect((await readBack(file)).pageCount).toBe(1);
  });

  it('holds nothing of a document once it is written: its images and page contents can be freed', async () => {
    const file = join(folder, 'record.pdf');
    const handle = await open(file, 'wx');
    const output = await PDFDocument.create();
    const writer = await PdfFileWriter.start(output, handle);
    const mark = writer.mark();
    const added = await addDocument(output, writer.pagesRoot, 'pdf', await noisePdf('Scan', 400_000));
    const streams = output.context
      .enumerateIndirectObjects()
      .flatMap(([ref, object]) => (ref.objectNumber > mark && object instanceof PDFRawStream ? [new WeakRef(object.contents)] : []));
    await writer.writeSince(mark);
    // A WeakRef keeps its target until the current task ends.
    await nextTurn(0);
    collectGarbage();

    expect(added.ok).toBe(true);
    expect(streams.length).toBeGreaterThan(0);
    expect(streams.filter((stream) => stream.deref() !== undefined)).toHaveLength(0);
    output.addPage();
    await writer.finish();
    await handle.close();
    // The scan's image is in the file all the same.
    expect((await readFile(file)).length).toBeGreaterThan(400_000);
  });
});
