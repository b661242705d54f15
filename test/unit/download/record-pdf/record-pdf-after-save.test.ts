// @vitest-environment node
/**
 * The record PDF as the step after a verified save: what the summary says of it. A PDF that could not be made, for
 * whatever reason, is said in one plain sentence that starts with the ZIP being saved, and never throws.
 */
import { describe, expect, it, vi } from 'vitest';
import type { DownloadProgress, DownloadSummary } from '../../../../common/download.js';
import type { Logger } from '../../../../main/logging/logger.js';
import { RECORD_PDF_PROBLEM_LEAD, recordPdfAfterSave } from '../../../../main/download/record-pdf/record-pdf-after-save.js';
import type { RecordPdf, RecordPdfError, RecordPdfProgress } from '../../../../main/download/record-pdf/record-pdf.js';
import type { RecordPdfBuilder } from '../../../../main/download/record-pdf/run-record-pdf.js';
import { downloadSummary } from '../../../support/download-summary.js';

const SUMMARY = downloadSummary({ file: '/home/alex/Records/patient-record-9990000018.zip' });
const PDF: RecordPdf = { path: '/home/alex/Records/patient-record-9990000018.pdf', sha256: 'b'.repeat(64), bytes: 500, pages: 3, merged: 1, zipOnly: [{ name: 'Notes.txt', reason: 'x' }] };

function logger(): Logger & { readonly events: string[] } {
  const events: string[] = [];
  const log = (event: string) => events.push(event);
  return { events, info: log, warn: log, error: log } as unknown as Logger & { readonly events: string[] };
}

function after(build: RecordPdfBuilder, onSaved = vi.fn(() => Promise.resolve()), more: Partial<Parameters<typeof recordPdfAfterSave>[0]> = {}) {
  return recordPdfAfterSave({
    build,
    summary: SUMMARY,
    manifest: { documents: [] },
    patient: { nhsNumber: '9990000018', name: 'Amelia Rose HARTLEY' },
    savedBy: 'Alex Morgan',
    logger: logger(),
    onSaved,
    ...more,
  });
}

/** A builder that tells the progress of three documents of 100 bytes each, then saves. */
const threeDocuments: RecordPdfBuilder = (input) => {
  const tell = (phase: RecordPdfProgress['phase'], documentsDone: number) =>
    input.onProgress?.({ phase, documentsDone, documentsTotal: 3, bytesDone: documentsDone * 100, bytesTotal: 300 });
  for (let done = 0; done <= 3; done += 1) {
    tell('merging', done);
  }
  tell('writing', 3);
  return Promise.resolve({ ok: true, value: PDF });
};

/** The summary of a save of three documents, one of which could not be collected. */
const THREE_SAVED: DownloadSummary = {
  ...SUMMARY,
  included: ['a', 'b', 'c'].map((id) => ({ id, fileName: `${id}.pdf`, entryName: `${id}.pdf` })),
  missing: [{ id: 'd', fileName: 'd.pdf', error: 'Timed out.' }],
};

const failing = (error: RecordPdfError): RecordPdfBuilder => () => Promise.resolve({ ok: false, error });

describe('recordPdfAfterSave', () => {
  it('builds the PDF beside the ZIP, as saved by the person at the time of the save, and tells of it', async () => {
    const build = vi.fn<RecordPdfBuilder>(() => Promise.resolve({ ok: true, value: PDF }));
    const onSaved = vi.fn(() => Promise.resolve());

    expect(await after(build, onSaved)).toEqual({ file: PDF.path, sha256: PDF.sha256, bytes: 500, pages: 3, zipOnly: 1 });
    expect(build.mock.calls[0]?.[0]).toMatchObject({
      zipPath: SUMMARY.file,
      outputPath: '/home/alex/Records/patient-record-9990000018.pdf',
      savedAt: new Date(SUMMARY.savedAt),
      savedBy: 'Alex Morgan',
    });
    expect(onSaved).toHaveBeenCalledExactlyOnceWith(PDF);
  });

  it('keeps the PDF when telling of it fails (the audit is logged instead)', async () => {
    const result = await after(() => Promise.resolve({ ok: true, value: PDF }), vi.fn(() => Promise.reject(new Error('disk gone'))));

    expect(result).toMatchObject({ file: PDF.path });
  });

  it("tells the download's progress as its last phase, document by document, up to every document", async () => {
    const progress: DownloadProgress[] = [];

    await after(threeDocuments, undefined, { summary: THREE_SAVED, onProgress: (update) => progress.push(update), progressIntervalMs: 0 });

    const failed = { phase: 'recordPdf', documentsFailed: 1, documentsTotal: 3 } as const;
    expect(progress).toEqual([
      // Said as the step starts, before the builder (a worker in the app) has opened the ZIP.
      { ...failed, documentsDone: 0, bytesDone: 0 },
      ...[0, 1, 2, 3, 3].map((done) => ({ ...failed, documentsDone: done, bytesDone: done * 100, bytesTotal: 300 })),
    ]);
  });

  it('passes its progress through the job\'s throttle, never holding back the start or the end', async () => {
    const progress: DownloadProgress[] = [];

    await after(threeDocuments, undefined, { summary: THREE_SAVED, onProgress: (update) => progress.push(update), progressIntervalMs: 60_000 });

    expect(progress.map(({ documentsDone }) => documentsDone)).toEqual([0, 3, 3]);
    expect(progress.at(-1)).toMatchObject({ phase: 'recordPdf', documentsDone: 3, documentsTotal: 3, bytesDone: 300, bytesTotal: 300 });
  });

  it.each([
    [
      { code: 'too-large', message: 'This record is too large to put into one PDF (the most is 2.1 GB of documents). The ZIP is saved and has every document.' },
      'this record is too large to put into one PDF (the most is 2.1 GB of documents).',
    ],
    [
      { code: 'disk-full', message: 'The PDF of the record could not be saved. There is not enough space on the disk.' },
      'there is not enough space on the disk.',
    ],
    [
      { code: 'not-a-zip', message: 'The PDF of the record could not be made from the saved ZIP. The file is not a ZIP file.' },
      'the saved ZIP could not be read back. The file is not a ZIP file.',
    ],
    [
      { code: 'cancelled', message: 'Making the PDF of the record was cancelled. The ZIP is saved; no PDF was saved.' },
      'it was cancelled before it was finished, and no PDF was left in the folder.',
    ],
  ] as const)('says plainly that the ZIP is saved and why the PDF is not (%o)', async (error, reason) => {
    expect(await after(failing(error))).toEqual({ problem: `${RECORD_PDF_PROBLEM_LEAD} ${reason}` });
  });
});
