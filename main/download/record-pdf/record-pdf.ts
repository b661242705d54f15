/**
 * One PDF of a saved record: an index, then every document the ZIP holds that can be put into a PDF, in the index's
 * order, with a bookmark each. Documents are read back from the saved, verified ZIP one at a time; those that cannot
 * be merged are named in the index as "In the ZIP only" with the reason.
 *
 * pdf-lib keeps the document being built in memory until it is written, so memory grows with the merged bytes
 * (docs/record-pdf.md has the figures); everything else is one document at a time.
 */
import { PDFDocument } from 'pdf-lib';
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
import { writeRecordPdf } from './record-pdf-file.js';
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
  /** Told after each document is merged or set aside, and once more before the file is written. */
  readonly onProgress?: ((progress: RecordPdfProgress) => void) | undefined;
}

export interface RecordPdfProgress {
  readonly phase: 'merging' | 'writing';
  readonly documentsDone: number;
  readonly documentsTotal: number;
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
 * pdf-lib holds the whole PDF in memory until it is written: about 1.1 times the merged bytes, plus ~100 MB (see
 * docs/record-pdf.md). Beyond this a build could exhaust a practice PC's memory and take the app with it.
 */
export const MAX_RECORD_PDF_BYTES = 2 * 1024 * 1024 * 1024;

/** Builds and saves the record PDF; expected failures (the folder, the ZIP, a cancel) come back as values, and leave no file. */
export async function buildRecordPdf(input: RecordPdfInput): Promise<Result<RecordPdf, RecordPdfError>> {
  try {
    input.signal?.throwIfAborted();
    const documents = input.manifest.documents.filter(inZip);
    const mergeBytes = documents.reduce((sum, document) => sum + (document.size ?? 0), 0);
    const maxTotalBytes = input.maxTotalBytes ?? MAX_RECORD_PDF_BYTES;
    if (mergeBytes > maxTotalBytes) {
      return { ok: false, error: tooLarge(maxTotalBytes) };
    }
    const output = await PDFDocument.create();
    describe(output, input);
    const { entries, bookmarks, zipOnly } = await mergeDocuments(output, documents, input);
    await drawIndex(
      output,
      { patientName: input.patient.name, nhsNumber: nhsNumberText(input.patient.nhsNumber), savedAt: savedAtText(input.savedAt), savedBy: savedByText(input.savedBy) },
      entries,
      input.manifest.documents.length - documents.length,
    );
    addOutline(output, bookmarks);
    input.onProgress?.({ phase: 'writing', documentsDone: entries.length, documentsTotal: entries.length });
    const pages = output.getPageCount();
    const written = await writeRecordPdf(output, input.outputPath, input.signal);
    return { ok: true, value: { ...written, pages, merged: bookmarks.length, zipOnly } };
  } catch (error) {
    return { ok: false, error: describeFailure(error, input) };
  }
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

async function mergeDocuments(output: PDFDocument, documents: ReadonlyArray<ManifestDocument & { readonly entryName: string }>, input: RecordPdfInput) {
  const entries: IndexEntry[] = [];
  const bookmarks: Bookmark[] = [];
  const zipOnly: ZipOnlyDocument[] = [];
  let mergedPages = 0;
  await readDocuments(input.zipPath, documents, input.signal, async (document, read) => {
    const name = document.entryName;
    const base = { name, date: documentDate(document.uploaded), type: documentTypeText(name, document.contentType) };
    const added = read.ok ? await addDocument(output, documentKind(name, document.contentType), read.bytes) : { ok: false as const, reason: read.reason };
    if (added.ok) {
      entries.push({ ...base, placed: { start: mergedPages, firstPage: added.firstPage } });
      bookmarks.push({ title: name, page: added.firstPage });
      mergedPages += added.pages;
    } else {
      entries.push({ ...base, placed: { zipOnly: added.reason } });
      zipOnly.push({ name, reason: added.reason });
    }
    input.onProgress?.({ phase: 'merging', documentsDone: entries.length, documentsTotal: documents.length });
  });
  return { entries, bookmarks, zipOnly };
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
    // pdf-lib holds the whole PDF in memory; an allocation this large fails with a RangeError.
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
