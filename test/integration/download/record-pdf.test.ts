import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadSummary } from '../../../common/download.js';
import type { Manifest } from '../../../common/manifest.js';
import { readZipManifest } from '../../../main/archive/zip-reader.js';
import { type RecordPdf, buildRecordPdf, recordPdfPathBeside } from '../../../main/download/record-pdf/record-pdf.js';
import { type DownloadFixture, openDownloadFixture, readZip, sha256Of } from '../../support/download-fixture.js';
import { type ReadBack, readBack } from '../../unit/download/record-pdf/support/read-back.js';

const ORDINARY = '9990000018';
const AWKWARD = '9990000026';

describe('one PDF of a downloaded record', () => {
  let fixture: DownloadFixture;
  let summary: DownloadSummary;
  let manifest: Manifest;
  let recordPdf: RecordPdf;
  let pdf: ReadBack;

  beforeAll(async () => {
    fixture = await openDownloadFixture();
    const saved = await fixture.services.download({ nhsNumber: ORDINARY, folder: fixture.folder });
    if (!saved.ok) {
      throw new Error(saved.error.message);
    }
    summary = saved.value;
    manifest = (await readZipManifest(summary.file)) ?? expect.unreachable('the ZIP has no manifest');
    const built = await buildRecordPdf({
      zipPath: summary.file,
      manifest,
      patient: { nhsNumber: ORDINARY, name: 'Amelia Rose HARTLEY' },
      savedBy: { name: 'Alex Morgan', roleName: 'GP admin', orgName: 'Riverside Medical Centre', odsCode: 'A81001' },
      savedAt: new Date(summary.savedAt),
      outputPath: recordPdfPathBeside(summary.file, ORDINARY),
    });
    if (!built.ok) {
      throw new Error(built.error.message);
    }
    recordPdf = built.value;
    pdf = await readBack(recordPdf.path);
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('saves patient-record-<nhs>.pdf beside the ZIP, with the size and SHA-256 it reports', async () => {
    expect(recordPdf.path).toBe(join(fixture.folder, `patient-record-${ORDINARY}.pdf`));
    const bytes = await readFile(recordPdf.path);
    expect(recordPdf.bytes).toBe(bytes.length);
    expect(recordPdf.sha256).toBe(sha256Of(bytes));
  });

  it('merges every document of the sandbox record (PDFs, PNGs and JPEGs), each with a bookmark, in the ZIP’s order', () => {
    expect(recordPdf.zipOnly).toEqual([]);
    expect(recordPdf.merged).toBe(summary.included.length);
    expect(pdf.outline.map((item) => item.title)).toEqual(summary.included.map((document) => document.entryName));
  });

  it('has the index’s pages plus every page of every document, and each bookmark opens its document’s first page', async () => {
    const pageCounts: number[] = [];
    for (const document of summary.included) {
      const entry = (await readZip(summary.file)).find((candidate) => candidate.name === document.entryName);
      pageCounts.push(document.entryName.toLowerCase().endsWith('.pdf') ? await pagesOf(entry?.bytes ?? Buffer.alloc(0)) : 1);
    }
    expect(pdf.pageCount).toBe(pdf.indexPages + pageCounts.reduce((sum, pages) => sum + pages, 0));
    expect(recordPdf.pages).toBe(pdf.pageCount);
    const starts = pageCounts.map((_, index) => pdf.indexPages + pageCounts.slice(0, index).reduce((sum, pages) => sum + pages, 0));
    expect(pdf.outline.map((item) => item.pageIndex)).toEqual(starts);
  });

  it('copes with the awkward names of another record (duplicates, CON.pdf, a document called manifest.json)', async () => {
    const saved = await fixture.services.download({ nhsNumber: AWKWARD, folder: fixture.folder });
    if (!saved.ok) {
      throw new Error(saved.error.message);
    }
    const awkwardManifest = (await readZipManifest(saved.value.file)) ?? expect.unreachable('the ZIP has no manifest');
    const built = await buildRecordPdf({
      zipPath: saved.value.file,
      manifest: awkwardManifest,
      patient: { nhsNumber: AWKWARD },
      savedBy: 'Alex Morgan',
      savedAt: new Date(saved.value.savedAt),
      outputPath: recordPdfPathBeside(saved.value.file, AWKWARD),
    });
    if (!built.ok) {
      throw new Error(built.error.message);
    }
    const merged = await readBack(built.value.path);
    const zipOnly = new Set(built.value.zipOnly.map((document) => document.name));
    expect(built.value.merged + zipOnly.size).toBe(saved.value.included.length);
    expect(merged.outline.map((item) => item.title)).toEqual(saved.value.included.map((document) => document.entryName).filter((name) => !zipOnly.has(name)));
  });

  it('lists the patient, who saved it and each document by name, non-ASCII letters included', () => {
    const index = pdf.pageTexts.slice(0, pdf.indexPages).join(' ');
    expect(index).toContain('Patient: Amelia Rose HARTLEY');
    expect(index).toContain('NHS number: 999 000 0018');
    expect(index).toContain('Saved by: Alex Morgan, GP admin, Riverside Medical Centre (A81001)');
    expect(index).toContain('Lettre de l’hôpital – Zoë Müller.pdf');
    for (const document of summary.included) {
      expect(index).toContain(document.entryName);
    }
  });
});

async function pagesOf(bytes: Buffer): Promise<number> {
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    return document.numPages;
  } finally {
    await document.destroy();
  }
}
