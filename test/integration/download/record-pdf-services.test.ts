/**
 * "Also save one PDF of the whole record" through the app's services, on the sandbox as a signed-in GP administrator:
 * the PDF beside the verified ZIP, named in the summary, the audit and the archive; and the save standing whatever
 * happens to the PDF (it fails, or is cancelled part-way).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DownloadProgress, DownloadSummary, RecordPdfSummary } from '../../../common/download.js';
import type { ArchiveIndex } from '../../../main/archive/archive-index.js';
import { openArchiveIndex } from '../../../main/archive/archive-index.js';
import { confIndexStore } from '../../../main/archive/conf-index-store.js';
import { SAVED_RECORD_PDF_DESCRIPTION } from '../../../main/audit/record-pdf-audit-messages.js';
import { buildRecordPdf } from '../../../main/download/record-pdf/record-pdf.js';
import type { RecordPdfBuilder } from '../../../main/download/record-pdf/run-record-pdf.js';
import type { AppServices } from '../../../main/services.js';
import { receiveEventWhere } from '../../support/audit-queue.js';
import { type SignedIn, signedInSandbox } from '../../support/signed-in-sandbox.js';
import { readBack } from '../../unit/download/record-pdf/support/read-back.js';

const ALEX_RIVERSIDE_ADMIN = '555000000001';
// Twelve PDFs, PNGs and JPEGs with non-ASCII names, registered at Riverside.
const RIVERSIDE_PATIENT = '9990000018';
const PDF_NAME = `patient-record-${RIVERSIDE_PATIENT}.pdf`;

interface Opened extends SignedIn {
  readonly archive: ArchiveIndex;
}

const sandbox = signedInSandbox('record-pdf');

/** Alex, signed in, with the app's services over a fresh archive; `recordPdfBuilder` as the app's unless a test gives one. */
async function signedInAlex(recordPdfBuilder?: RecordPdfBuilder): Promise<Opened> {
  const archiveDir = await mkdtemp(join(sandbox.dataDir(), 'archive-'));
  const archive = openArchiveIndex({ store: confIndexStore(archiveDir) });
  const signedIn = await sandbox.as(ALEX_RIVERSIDE_ADMIN, {
    services: { archive: () => archive, ...(recordPdfBuilder === undefined ? {} : { recordPdfBuilder }) },
  });
  return { ...signedIn, archive };
}

async function savedSummary(services: AppServices, request: Parameters<AppServices['download']>[0]): Promise<DownloadSummary> {
  const result = await services.download(request);
  if (!result.ok) {
    throw new Error(`Expected a verified save: ${result.error.code}, ${result.error.message}`);
  }
  return result.value;
}

function madePdf(recordPdf: RecordPdfSummary | undefined) {
  if (recordPdf === undefined || !('file' in recordPdf)) {
    throw new Error(`Expected a record PDF: ${JSON.stringify(recordPdf)}`);
  }
  return recordPdf;
}

describe('a download with "Also save one PDF of the whole record"', () => {
  it('saves the PDF beside the ZIP and names it in the summary, the audit and the archive', async () => {
    const { backend, services, archive, folder } = await signedInAlex();

    const summary = await savedSummary(services, { nhsNumber: RIVERSIDE_PATIENT, folder, recordPdf: true });

    const pdf = madePdf(summary.recordPdf);
    expect(pdf.file).toBe(join(folder, PDF_NAME));
    expect((await readdir(folder)).sort()).toEqual([`patient-record-${RIVERSIDE_PATIENT}.zip`, PDF_NAME].sort());
    const bytes = await readFile(pdf.file);
    expect(pdf).toMatchObject({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), zipOnly: 0 });
    const read = await readBack(pdf.file);
    expect(pdf.pages).toBe(read.pageCount);
    expect(read.outline).toHaveLength(summary.included.length);
    expect(read.pageTexts[0]).toContain('Saved by: Alex Morgan');

    const event = await receiveEventWhere(backend.clients.sqs, sandbox.queueUrl(), (body) => (body as { description?: string } | null)?.description === SAVED_RECORD_PDF_DESCRIPTION);
    expect(event.body).toMatchObject({
      correlationId: summary.correlationId,
      nhsNumber: RIVERSIDE_PATIENT,
      sha256: pdf.sha256,
      bytes: pdf.bytes,
      pages: pdf.pages,
      documentCount: summary.included.length,
      zipOnlyCount: 0,
      userId: ALEX_RIVERSIDE_ADMIN,
    });
    // Identifiers only: never where it was saved.
    expect(JSON.stringify(event.body)).not.toContain(folder);

    expect(archive.list()[0]?.entry).toMatchObject({ path: summary.file, recordPdf: { path: pdf.file, sha256: pdf.sha256 } });
  });

  it("tells the PDF's making as the download's last phase, after the saved ZIP is checked, up to every document", async () => {
    const { services, folder } = await signedInAlex();
    const progress: DownloadProgress[] = [];

    const summary = await savedSummary(services, { nhsNumber: RIVERSIDE_PATIENT, folder, recordPdf: true, onProgress: (update) => progress.push(update) });

    const phases = progress.map(({ phase }) => phase).filter((phase, index, all) => phase !== all[index - 1]);
    expect(phases.slice(-2)).toEqual(['verifying', 'recordPdf']);
    const making = progress.filter(({ phase }) => phase === 'recordPdf');
    const total = summary.included.length;
    expect(making[0]).toMatchObject({ documentsDone: 0, documentsTotal: total, bytesDone: 0 });
    expect(making.map(({ documentsDone }) => documentsDone)).toEqual([...making.map(({ documentsDone }) => documentsDone)].sort((a, b) => a - b));
    expect(making.at(-1)).toMatchObject({ documentsDone: total, documentsTotal: total });
    expect(making.at(-1)?.bytesTotal).toBeGreaterThan(0);
    expect(making.at(-1)?.bytesDone).toBe(making.at(-1)?.bytesTotal);
  });

  it('tells no PDF phase when none was asked for', async () => {
    const { services, folder } = await signedInAlex();
    const progress: DownloadProgress[] = [];

    await savedSummary(services, { nhsNumber: RIVERSIDE_PATIENT, folder, onProgress: (update) => progress.push(update) });

    expect(progress.at(-1)?.phase).toBe('verifying');
    expect(progress.some(({ phase }) => phase === 'recordPdf')).toBe(false);
  });

  it('saves no PDF when none was asked for', async () => {
    const { services, archive, folder } = await signedInAlex();

    const summary = await savedSummary(services, { nhsNumber: RIVERSIDE_PATIENT, folder });

    expect(summary.recordPdf).toBeUndefined();
    expect(await readdir(folder)).toEqual([`patient-record-${RIVERSIDE_PATIENT}.zip`]);
    expect(archive.list()[0]?.entry.recordPdf).toBeUndefined();
  });

  it('keeps the verified save when the PDF cannot be made, and says why in plain words', async () => {
    const tooSmall: RecordPdfBuilder = (input) => buildRecordPdf({ ...input, maxTotalBytes: 1 });
    const { services, archive, folder } = await signedInAlex(tooSmall);

    const summary = await savedSummary(services, { nhsNumber: RIVERSIDE_PATIENT, folder, recordPdf: true });

    expect(summary.recordPdf).toEqual({
      problem: expect.stringMatching(/^The ZIP was saved and verified\. The PDF of the record could not be made: this record is too large to put into one PDF/u) as string,
    });
    expect(await readdir(folder)).toEqual([`patient-record-${RIVERSIDE_PATIENT}.zip`]);
    expect(archive.list()[0]?.entry).toMatchObject({ path: summary.file, sha256: summary.sha256 });
    expect(archive.list()[0]?.entry.recordPdf).toBeUndefined();
  });

  it('stops the PDF when the download is cancelled during it, leaving the ZIP saved and no partial PDF', async () => {
    const controller = new AbortController();
    // The person presses Cancel once the first document is in the PDF.
    const cancelledPartWay: RecordPdfBuilder = (input) =>
      buildRecordPdf({ ...input, onProgress: (progress) => (progress.documentsDone === 1 ? controller.abort() : undefined) });
    const { services, folder } = await signedInAlex(cancelledPartWay);

    const summary = await savedSummary(services, { nhsNumber: RIVERSIDE_PATIENT, folder, recordPdf: true, signal: controller.signal });

    expect(controller.signal.aborted).toBe(true);
    expect(summary.recordPdf).toEqual({ problem: expect.stringContaining('The PDF of the record could not be made: it was cancelled') as string });
    expect(await readdir(folder)).toEqual([`patient-record-${RIVERSIDE_PATIENT}.zip`]);
  });
});
