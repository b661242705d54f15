import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveEntryFromDownload } from '../../../main/archive/record-download.js';
import { PDF, openTestIndex, summaryFor, tempFolder, writeOurZip } from './archive-fixtures.js';

// A save made with "Also save one PDF of the whole record" names the PDF in its archive entry, with its SHA-256,
// and keeps it across restarts; a save whose PDF could not be made names none.

describe('the archive entry of a download with a record PDF', () => {
  let dataDir: Awaited<ReturnType<typeof tempFolder>>;
  let saves: Awaited<ReturnType<typeof tempFolder>>;

  beforeEach(async () => {
    dataDir = await tempFolder('archive-data');
    saves = await tempFolder('archive-saves');
  });
  afterEach(async () => {
    await Promise.all([dataDir.remove(), saves.remove()]);
  });

  async function savedZip() {
    const entries = [{ name: 'Letter.pdf', data: PDF }];
    return writeOurZip(join(saves.path, 'record.zip'), entries);
  }

  it('names the PDF and its SHA-256, and keeps them across restarts', async () => {
    const zip = await savedZip();
    const recordPdf = { file: join(saves.path, 'patient-record-9990000018.pdf'), sha256: 'c'.repeat(64), bytes: 2048, pages: 3, zipOnly: 0 };
    const index = openTestIndex(dataDir.path);

    const entry = index.add(archiveEntryFromDownload({ ...summaryFor(zip), recordPdf }, zip.manifest, 'sandbox'));

    expect(entry.recordPdf).toEqual({ path: recordPdf.file, sha256: recordPdf.sha256 });
    expect(openTestIndex(dataDir.path).get(entry.id)).toEqual(entry);
  });

  it('names no PDF when it could not be made', async () => {
    const zip = await savedZip();

    const entry = archiveEntryFromDownload({ ...summaryFor(zip), recordPdf: { problem: 'The ZIP was saved and verified. The PDF of the record could not be made: …' } }, zip.manifest, 'sandbox');

    expect(entry.recordPdf).toBeUndefined();
    expect('recordPdf' in entry).toBe(false);
  });
});
