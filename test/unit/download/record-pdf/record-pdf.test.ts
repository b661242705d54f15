import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Manifest } from '../../../../common/manifest.js';
import type { Result } from '../../../../common/result.js';
import {
  type RecordPdf,
  type RecordPdfError,
  type RecordPdfInput,
  type RecordPdfProgress,
  buildRecordPdf,
  recordPdfPathBeside,
} from '../../../../main/download/record-pdf/record-pdf.js';
import { sampleJpeg } from '../../../../main/sandbox/sample-files/jpeg.js';
import { samplePng } from '../../../../main/sandbox/sample-files/png.js';
import { readBack } from './support/read-back.js';
import { type FixtureDocument, damagedPdf, encryptedPdf, isEncrypted, textPdf, writeRecordZip } from './support/record-fixture.js';

const NHS_NUMBER = '9990000018';
const SAVED_BY = { name: 'Alex Morgan', roleName: 'GP admin', orgName: 'Riverside Medical Centre', odsCode: 'A81001' };

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'record-pdf-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function savedRecord(documents: ReadonlyArray<FixtureDocument>): Promise<{ zipPath: string; manifest: Manifest }> {
  const zipPath = join(folder, `patient-record-${NHS_NUMBER}.zip`);
  return { zipPath, manifest: await writeRecordZip(zipPath, documents, NHS_NUMBER) };
}

function inputFor(record: { zipPath: string; manifest: Manifest }, overrides: Partial<RecordPdfInput> = {}): RecordPdfInput {
  return {
    zipPath: record.zipPath,
    manifest: record.manifest,
    patient: { nhsNumber: NHS_NUMBER, name: 'Amelia Rose HARTLEY' },
    savedBy: SAVED_BY,
    savedAt: new Date('2026-12-03T14:05:00Z'),
    outputPath: recordPdfPathBeside(record.zipPath, NHS_NUMBER),
    ...overrides,
  };
}

async function mixedRecord() {
  return savedRecord([
    { name: 'Referral letter.pdf', bytes: await textPdf('Referral letter', 1), contentType: 'application/pdf' },
    { name: 'Discharge summary Zoë.pdf', bytes: await textPdf('Discharge summary', 3), contentType: 'application/pdf' },
    { name: 'Rash photo.png', bytes: samplePng(48, 32, 7), contentType: 'image/png' },
    { name: 'Scan of card.jpg', bytes: sampleJpeg(3), contentType: 'image/jpeg' },
    { name: 'Locked letter.pdf', bytes: await encryptedPdf(), contentType: 'application/pdf' },
    { name: 'Broken scan.pdf', bytes: damagedPdf(), contentType: 'application/pdf' },
    { name: 'Notes.txt', bytes: Buffer.from('Seen in clinic.\n'), contentType: 'text/plain' },
  ]);
}

describe('buildRecordPdf', () => {
  it('puts an index first, then every PDF page and image in index order, with one bookmark per merged document', async () => {
    const record = await mixedRecord();
    const result = saved(await buildRecordPdf(inputFor(record)));

    const pdf = await readBack(result.path);
    expect(pdf.indexPages).toBe(1);
    // Index, 1 + 3 pages of PDFs, one page per image.
    expect(pdf.pageCount).toBe(1 + 1 + 3 + 1 + 1);
    expect(result).toMatchObject({ path: join(folder, `patient-record-${NHS_NUMBER}.pdf`), pages: 7, merged: 4 });
    expect(pdf.outline).toEqual([
      { title: 'Referral letter.pdf', pageIndex: 1 },
      { title: 'Discharge summary Zoë.pdf', pageIndex: 2 },
      { title: 'Rash photo.png', pageIndex: 5 },
      { title: 'Scan of card.jpg', pageIndex: 6 },
    ]);
    expect(pdf.pageTexts[1]).toContain('Referral letter - page 1 of 1');
    expect(pdf.pageTexts[4]).toContain('Discharge summary - page 3 of 3');
  });

  it('says in the index who the record is of, who saved it and where each document starts', async () => {
    const result = saved(await buildRecordPdf(inputFor(await mixedRecord())));

    const index = (await readBack(result.path)).pageTexts[0] ?? '';
    expect(index).toContain('Patient: Amelia Rose HARTLEY');
    expect(index).toContain('NHS number: 999 000 0018');
    expect(index).toContain('Saved: 3 December 2026');
    expect(index).toContain('Saved by: Alex Morgan, GP admin, Riverside Medical Centre (A81001)');
    expect(index).toContain('7 documents in the ZIP: 4 in this PDF, 3 in the ZIP only.');
    // Date, name, type and first page, row by row.
    expect(index).toMatch(/30 Nov 2026\s+Referral letter\.pdf\s+PDF\s+2\b/u);
    expect(index).toMatch(/29 Nov 2026\s+Discharge summary Zoë\.pdf\s+PDF\s+3\b/u);
    expect(index).toMatch(/Rash photo\.png\s+PNG image\s+6\b/u);
    expect(index).toMatch(/Scan of card\.jpg\s+JPEG image\s+7\b/u);
  });

  it('names the documents it cannot merge as in the ZIP only, with a plain reason', async () => {
    expect(await isEncrypted(await encryptedPdf())).toBe(true);
    const record = await mixedRecord();

    const result = saved(await buildRecordPdf(inputFor(record)));

    expect(result.zipOnly).toEqual([
      { name: 'Locked letter.pdf', reason: 'it is password-protected, so its pages cannot be copied' },
      { name: 'Broken scan.pdf', reason: 'it is damaged: its pages could not be read' },
      { name: 'Notes.txt', reason: 'this kind of file cannot be put into a PDF; open it from the ZIP' },
    ]);
    const index = (await readBack(result.path)).pageTexts[0] ?? '';
    expect(index).toContain('In the ZIP only: it is password-protected, so its pages cannot be copied.');
    expect(index).toMatch(/Notes\.txt\s+In the ZIP only: this kind of file cannot be put into a PDF; open it from the ZIP\.\s+Text file\s+-/u);
  });

  it('keeps every character of a name in its bookmark, and shows those the index font lacks as "?"', async () => {
    const result = saved(await buildRecordPdf(inputFor(await savedRecord([{ name: 'Wyniki Łódź 日本.pdf', bytes: await textPdf('Wyniki', 1) }]))));

    const pdf = await readBack(result.path);
    expect(pdf.outline).toEqual([{ title: 'Wyniki Łódź 日本.pdf', pageIndex: 1 }]);
    expect(pdf.pageTexts[0]).toContain('Wyniki ?ód? ??.pdf');
  });

  it('returns the saved file’s size and SHA-256', async () => {
    const result = saved(await buildRecordPdf(inputFor(await mixedRecord())));

    const bytes = await readFile(result.path);
    expect(result.bytes).toBe(bytes.length);
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('runs the index over several pages and counts them before numbering any document', async () => {
    const documents: FixtureDocument[] = [];
    for (let index = 0; index < 90; index++) {
      documents.push({ name: `Letter ${String(index + 1).padStart(3, '0')} with a rather long name to wrap onto a second line of the index.pdf`, bytes: await textPdf(`Letter ${index + 1}`, 1) });
    }
    const result = saved(await buildRecordPdf(inputFor(await savedRecord(documents))));

    const pdf = await readBack(result.path);
    expect(pdf.indexPages).toBeGreaterThan(1);
    expect(pdf.pageCount).toBe(pdf.indexPages + 90);
    expect(pdf.outline.map((item) => item.pageIndex)).toEqual(documents.map((_, index) => pdf.indexPages + index));
    const lastIndexPage = pdf.pageTexts[pdf.indexPages - 1] ?? '';
    expect(lastIndexPage).toContain('index (continued)');
    expect(lastIndexPage).toMatch(new RegExp(`PDF\\s+${pdf.indexPages + 90}\\b`, 'u'));
    expect(pdf.pageTexts[pdf.indexPages + 89]).toContain('Letter 90 - page 1 of 1');
  });

  it('takes the next free name beside the ZIP, never replacing an earlier PDF', async () => {
    const record = await mixedRecord();
    const earlier = join(folder, `patient-record-${NHS_NUMBER}.pdf`);
    await writeFile(earlier, 'an earlier record PDF');

    const result = saved(await buildRecordPdf(inputFor(record)));

    expect(result.path).toBe(join(folder, `patient-record-${NHS_NUMBER}(1).pdf`));
    expect(await readFile(earlier, 'utf8')).toBe('an earlier record PDF');
  });

  it('marks a document that no longer matches its manifest as in the ZIP only', async () => {
    const record = await mixedRecord();
    const manifest: Manifest = {
      ...record.manifest,
      documents: record.manifest.documents.map((document) => (document.entryName === 'Referral letter.pdf' ? { ...document, sha256: '0'.repeat(64) } : document)),
    };

    const result = saved(await buildRecordPdf(inputFor({ ...record, manifest })));

    expect(result.zipOnly[0]).toEqual({ name: 'Referral letter.pdf', reason: 'it does not match the copy that was saved' });
    expect(result.merged).toBe(3);
  });

  it('says how many of the patient’s documents are not in the ZIP, and leaves the patient line out when no name is known', async () => {
    const record = await mixedRecord();
    const manifest: Manifest = {
      ...record.manifest,
      documents: [
        ...record.manifest.documents,
        { id: 'x1', fileName: 'Old.pdf', entryName: null, contentType: null, size: null, sha256: null, uploaded: null, status: 'excluded', reason: 'deleted' },
        { id: 'x2', fileName: 'Lost.pdf', entryName: null, contentType: null, size: null, sha256: null, uploaded: null, status: 'missing', error: 'gone' },
      ],
    };

    const result = saved(await buildRecordPdf(inputFor({ ...record, manifest }, { patient: { nhsNumber: NHS_NUMBER }, savedBy: 'Practice manager' })));

    const index = (await readBack(result.path)).pageTexts[0] ?? '';
    expect(index).not.toContain('Patient:');
    expect(index).toContain('Saved by: Practice manager');
    expect(index).toContain('2 other documents of this patient are not in the ZIP; its manifest says why.');
  });

  it('tells its progress document by document, in the index\'s order, with their bytes, up to the whole record', async () => {
    const record = await mixedRecord();
    const progress: RecordPdfProgress[] = [];

    saved(await buildRecordPdf(inputFor(record, { onProgress: (step) => progress.push(step) })));

    const sizes = record.manifest.documents.map((document) => document.size ?? 0);
    const total = sizes.reduce((sum, size) => sum + size, 0);
    const bytesAfter = sizes.map((_, index) => sizes.slice(0, index + 1).reduce((sum, size) => sum + size, 0));
    expect(progress).toEqual([
      { phase: 'merging', documentsDone: 0, documentsTotal: 7, bytesDone: 0, bytesTotal: total },
      // Every document counts once it is dealt with: the damaged, locked and text ones are listed as in the ZIP only.
      ...bytesAfter.map((bytesDone, index) => ({ phase: 'merging', documentsDone: index + 1, documentsTotal: 7, bytesDone, bytesTotal: total })),
      { phase: 'writing', documentsDone: 7, documentsTotal: 7, bytesDone: total, bytesTotal: total },
    ]);
  });

  it('leaves no file behind when cancelled part-way, and says it was cancelled', async () => {
    const record = await mixedRecord();
    const controller = new AbortController();

    const result = await buildRecordPdf(
      inputFor(record, {
        signal: controller.signal,
        onProgress: ({ documentsDone }) => {
          if (documentsDone === 2) {
            controller.abort();
          }
        },
      }),
    );

    expect(result).toEqual({ ok: false, error: { code: 'cancelled', message: expect.stringContaining('cancelled') as string } });
    expect(await readdir(folder)).toEqual([`patient-record-${NHS_NUMBER}.zip`]);
  });

  it('leaves no file behind when cancelled as the file is about to be written', async () => {
    const record = await mixedRecord();
    const controller = new AbortController();

    const result = await buildRecordPdf(inputFor(record, { signal: controller.signal, onProgress: ({ phase }) => phase === 'writing' && controller.abort() }));

    expect(result.ok).toBe(false);
    expect(await readdir(folder)).toEqual([`patient-record-${NHS_NUMBER}.zip`]);
  });

  it('refuses a file that is not a ZIP, saving nothing', async () => {
    const zipPath = join(folder, 'not-a.zip');
    await writeFile(zipPath, 'this is not a zip');
    const record = await mixedRecord();

    const error = failed(await buildRecordPdf(inputFor({ zipPath, manifest: record.manifest })));

    expect(error.code).toBe('not-a-zip');
    expect((await readdir(folder)).filter((name) => name.endsWith('.pdf') || name.endsWith('.partial'))).toEqual([]);
  });

  it('refuses a record larger than one PDF may hold in memory, before reading any of it', async () => {
    const record = await mixedRecord();

    const error = failed(await buildRecordPdf(inputFor(record, { maxTotalBytes: 1000 })));

    expect(error.code).toBe('too-large');
    expect(error.message).toContain('The ZIP is saved and has every document.');
    expect(await readdir(folder)).toEqual([`patient-record-${NHS_NUMBER}.zip`]);
  });

  it('says when the folder for the PDF is gone', async () => {
    const record = await mixedRecord();

    const error = failed(await buildRecordPdf(inputFor(record, { outputPath: join(folder, 'gone', 'patient-record.pdf') })));

    expect(error.code).toBe('folder-missing');
  });
});

function saved(result: Result<RecordPdf, RecordPdfError>): RecordPdf {
  if (!result.ok) {
    throw new Error(`Expected a saved PDF: ${result.error.code}, ${result.error.message}`);
  }
  return result.value;
}

function failed(result: Result<RecordPdf, RecordPdfError>): RecordPdfError {
  if (result.ok) {
    throw new Error(`Expected a failure, but a PDF was saved at ${result.value.path}`);
  }
  return result.error;
}
