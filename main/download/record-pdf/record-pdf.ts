/**
 * One PDF of a saved record: an index, then every document the ZIP holds that can be put into a PDF, in the index's
 * order, with a bookmark each. Documents are read back from the saved, verified ZIP one at a time; those that cannot
 * be merged are named in the index as "In the ZIP only" with the reason.
 *
 * The file is written as the PDF is built (write-pdf.ts): each document's pages and objects go to the file as soon as
 * it is added and are then dropped, so memory holds about one document whatever the record's size (docs/record-pdf.md
 * has the figures). The index and the bookmarks, made last, are still the first pages and the outline.
 */
import { PDFDocument, type PDFRef } from 'pdf-lib';
import type { ErrorCode } from '../../../common/error-codes.js';
import type { Manifest, ManifestDocument } from '../../../common/manifest.js';
import type { Result } from '../../../common/result.js';
import { APP_INFO } from '../../app-info.js';
import { ArchiveError } from '../../archive/archive-error.js';
import { SaveError } from '../save/save-error.js';
import { addDocument, documentKind } from './add-document.js';
import { type IndexEntry, drawIndex } from './index-pages.js';
import { type Bookmark, addOutline } from './outline.js';
import { type SavedBy, documentDate, documentTypeText, nhsNumberText, savedAtText, savedByText } from './pdf-text.js';
import { discardRecordPdf, placeRecordPdf, reserveRecordPdf } from './record-pdf-file.js';
import { PdfFileWriter } from './write-pdf.js';
import { readDocuments } from './zip-documents.js';

export type { SavedBy } from './pdf-text.js';
export { recordPdfFileName, recordPdfPathBeside } from './record-pdf-file.js';

export interface RecordPdfInput {
  /** The saved, verified ZIP. */
  readonly zipPath: string;
  /** The manifest the ZIP carries: its documents, newest first, are the index's order. */
  readonly manifest: Pick<Manifest, 'documents'>;
  readonly patient: { readonly nhsNumber: string; readonly name?: string | undefined };
  readonly savedBy: SavedBy;
  readonly savedAt: Date;
  /** Where the PDF should go (recordPdfPathBeside); "(1)" and so on is added when the name is taken. */
  readonly outputPath: string;
  readonly signal?: AbortSignal | undefined;
  /** The most the documents to merge may add up to (their sizes in the manifest); MAX_RECORD_PDF_BYTES unless a test says. */
  readonly maxTotalBytes?: number | undefined;
  /** Told once the documents are counted, after each document is merged or set aside, and once more before the file is written. */
  readonly onProgress?: ((progress: RecordPdfProgress) => void) | undefined;
}

export interface RecordPdfProgress {
  readonly phase: 'merging' | 'writing';
  /** Documents merged or set aside as in the ZIP only so far, in the index's order. */
  readonly documentsDone: number;
  readonly documentsTotal: number;
  /** Their sizes as the manifest records them: the time a build takes goes with the bytes more than the count. */
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

/** A document of the ZIP that is not in the PDF, and why, in plain words. */
export interface ZipOnlyDocument {
  readonly name: string;
  readonly reason: string;
}

export interface RecordPdf {
  /** Where the PDF was saved: `outputPath`, or the free name beside it. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Every page, the index's included. */
  readonly pages: number;
  /** Documents whose pages are in the PDF. */
  readonly merged: number;
  readonly zipOnly: ReadonlyArray<ZipOnlyDocument>;
}

export type RecordPdfErrorCode = Extract<
  ErrorCode,
  'cancelled' | 'folder-missing' | 'folder-not-writable' | 'disk-full' | 'file-missing' | 'file-unreadable' | 'not-a-zip' | 'unsafe-entry' | 'too-large' | 'save-failed'
>;
export interface RecordPdfError {
  readonly code: RecordPdfErrorCode;
  readonly message: string;
}

/**
 * The most a record PDF may merge. Memory no longer grows with it (the file is written as it is built), but the
 * time does (about 35 seconds a GB, docs/record-pdf.md), and a PDF this large is beyond what readers open comfortably.
 */
export const MAX_RECORD_PDF_BYTES = 2 * 1024 * 1024 * 1024;

/** Builds and saves the record PDF; expected failures (the folder, the ZIP, a cancel) come back as values, and leave no file. */
export async function buildRecordPdf(input: RecordPdfInput): Promise<Result<RecordPdf, RecordPdfError>> {
  try {
    input.signal?.throwIfAborted();
    const documents = input.manifest.documents.filter(inZip);
    const mergeBytes = documents.reduce((sum, document) => sum + sizeOf(document), 0);
    const maxTotalBytes = input.maxTotalBytes ?? MAX_RECORD_PDF_BYTES;
    if (mergeBytes > maxTotalBytes) {
      return { ok: false, error: tooLarge(maxTotalBytes) };
    }
    const output = await PDFDocument.create();
    describe(output, input);
    // The name is claimed first: a folder that cannot take the file is found before any work.
    const reservation = await reserveRecordPdf(input.outputPath);
    try {
      const writer = await PdfFileWriter.start(output, reservation.handle);
      const { entries, bookmarks, zipOnly, pages: mergedPages } = await mergeDocuments(output, writer, documents, mergeBytes, input);
      const indexPages = await drawIndex(
        output,
        { patientName: input.patient.name, nhsNumber: nhsNumberText(input.patient.nhsNumber), savedAt: savedAtText(input.savedAt), savedBy: savedByText(input.savedBy) },
        entries,
        input.manifest.documents.length - documents.length,
      );
      // The index was put into the page tree as its first pages; the documents' pages, written already, follow it.
      writer.appendPages(mergedPages);
      addOutline(output, bookmarks);
      input.onProgress?.({ phase: 'writing', documentsDone: entries.length, documentsTotal: entries.length, bytesDone: mergeBytes, bytesTotal: mergeBytes });
      const written = await writer.finish(input.signal);
      const path = await placeRecordPdf(reservation, input.signal);
      return { ok: true, value: { path, ...written, pages: indexPages + mergedPages.length, merged: bookmarks.length, zipOnly } };
    } catch (error) {
      await discardRecordPdf(reservation);
      throw error;
    }
  } catch (error) {
    return { ok: false, error: describeFailure(error, input) };
  }
}

/** What the manifest says a document holds; nothing when it does not say. */
function sizeOf(document: ManifestDocument): number {
  return document.size ?? 0;
}

function inZip(document: ManifestDocument): document is ManifestDocument & { readonly entryName: string } {
  return document.status === 'included' && document.entryName !== null;
}

function describe(output: PDFDocument, input: RecordPdfInput): void {
  output.setTitle(`Patient record, NHS number ${nhsNumberText(input.patient.nhsNumber)}`);
  output.setCreator(`${APP_INFO.name} ${APP_INFO.version}`);
  output.setCreationDate(input.savedAt);
  output.setModificationDate(input.savedAt);
}

/** Adds each document in turn and writes it to the file at once; what the index, the outline and the page tree need of them. */
async function mergeDocuments(
  output: PDFDocument,
  writer: PdfFileWriter,
  documents: ReadonlyArray<ManifestDocument & { readonly entryName: string }>,
  bytesTotal: number,
  input: RecordPdfInput,
) {
  const entries: IndexEntry[] = [];
  const bookmarks: Bookmark[] = [];
  const zipOnly: ZipOnlyDocument[] = [];
  const pages: PDFRef[] = [];
  let bytesDone = 0;
  const tell = () => input.onProgress?.({ phase: 'merging', documentsDone: entries.length, documentsTotal: documents.length, bytesDone, bytesTotal });
  tell();
  await readDocuments(input.zipPath, documents, input.signal, async (document, read) => {
    const name = document.entryName;
    const base = { name, date: documentDate(document.uploaded), type: documentTypeText(name, document.contentType) };
    const mark = writer.mark();
    const added = read.ok ? await addDocument(output, writer.pagesRoot, documentKind(name, document.contentType), read.bytes) : { ok: false as const, reason: read.reason };
    if (added.ok) {
      await writer.writeSince(mark, input.signal);
      entries.push({ ...base, placed: { start: pages.length, firstPage: added.firstPage } });
      bookmarks.push({ title: name, page: added.firstPage });
      pages.push(...added.pages);
    } else {
      writer.discardSince(mark);
      entries.push({ ...base, placed: { zipOnly: added.reason } });
      zipOnly.push({ name, reason: added.reason });
    }
    bytesDone += sizeOf(document);
    tell();
  });
  return { entries, bookmarks, zipOnly, pages };
}

function describeFailure(error: unknown, input: RecordPdfInput): RecordPdfError {
  if (input.signal?.aborted === true) {
    return { code: 'cancelled', message: 'Making the PDF of the record was cancelled. The ZIP is saved; no PDF was saved.' };
  }
  if (error instanceof SaveError) {
    const code = error.code === 'folder-missing' || error.code === 'folder-not-writable' || error.code === 'disk-full' ? error.code : 'save-failed';
    return { code, message: `The PDF of the record could not be saved. ${error.message}` };
  }
  if (error instanceof ArchiveError) {
    const code = (['file-missing', 'file-unreadable', 'not-a-zip', 'unsafe-entry', 'too-large'] as const).find((known) => known === error.code) ?? 'file-unreadable';
    return { code, message: `The PDF of the record could not be made from the saved ZIP. ${error.message}` };
  }
  if (error instanceof RangeError) {
    // pdf-lib parses a document whole; an allocation too large for this machine fails with a RangeError.
    return tooLarge(MAX_RECORD_PDF_BYTES);
  }
  return {
    code: 'save-failed',
    message: 'The PDF of the record could not be made because of an unexpected problem. The ZIP is saved and has every document. If it keeps happening, contact your IT service desk.',
  };
}

function tooLarge(maxBytes: number): RecordPdfError {
  const most = `${(maxBytes / 1e9).toLocaleString('en-GB', { maximumFractionDigits: 1 })} GB`;
  return {
    code: 'too-large',
    message: `This record is too large to put into one PDF (the most is ${most} of documents). The ZIP is saved and has every document.`,
  };
}
