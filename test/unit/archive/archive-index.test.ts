import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewArchiveEntry } from '../../../main/archive/archive-index.js';
import { archiveEntryFromDownload } from '../../../main/archive/record-download.js';
import { NHS_NUMBER, OTHER_NHS_NUMBER, PDF, flipByte, manifestFor, openTestIndex, summaryFor, tempFolder, writeOurZip } from './archive-fixtures.js';

const DAY_MS = 86_400_000;

describe('archive index', () => {
  let dataDir: Awaited<ReturnType<typeof tempFolder>>;
  let saves: Awaited<ReturnType<typeof tempFolder>>;

  beforeEach(async () => {
    dataDir = await tempFolder('archive-data');
    saves = await tempFolder('archive-saves');
  });
  afterEach(async () => {
    await Promise.all([dataDir.remove(), saves.remove()]);
  });

  async function savedEntry(name: string, nhsNumber = NHS_NUMBER, savedAt = '2024-06-01T09:31:00.000Z'): Promise<NewArchiveEntry> {
    const entries = [{ name: 'Letter.pdf', data: PDF }];
    const zip = await writeOurZip(join(saves.path, name), entries, manifestFor(entries, { nhsNumber }));
    return archiveEntryFromDownload(summaryFor(zip, savedAt), zip.manifest, 'sandbox');
  }

  it('records a verified save with what the issue asks for', async () => {
    const entries = [{ name: 'Letter.pdf', data: PDF }];
    const zip = await writeOurZip(join(saves.path, 'record.zip'), entries);
    const index = openTestIndex(dataDir.path, { now: () => new Date('2024-06-02T00:00:00.000Z') });

    const entry = index.add(archiveEntryFromDownload(summaryFor(zip), zip.manifest, 'sandbox'));

    expect(entry).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      source: 'download',
      nhsNumber: NHS_NUMBER,
      savedAt: '2024-06-01T09:31:00.000Z',
      addedAt: '2024-06-02T00:00:00.000Z',
      path: zip.file,
      bytes: zip.bytes,
      sha256: zip.sha256,
      documentCount: 1,
      missingCount: 1,
      correlationId: zip.manifest.correlationId,
      environment: 'sandbox',
      documents: zip.manifest.documents,
    });
    expect(index.get(entry.id)).toEqual(entry);
  });

  it('records who saved it and the patient’s name, and keeps them across restarts', async () => {
    const entries = [{ name: 'Letter.pdf', data: PDF }];
    const zip = await writeOurZip(join(saves.path, 'record.zip'), entries);
    const index = openTestIndex(dataDir.path);
    const by = { name: 'Alex Morgan', roleName: 'GP Practice Administrator', orgName: 'Riverside Medical Centre', odsCode: 'A81001' };

    const entry = index.add(archiveEntryFromDownload(summaryFor(zip), zip.manifest, 'sandbox', { by, patientName: 'Amelia Rose HARTLEY' }));

    expect(entry).toMatchObject({ savedBy: by, patientName: 'Amelia Rose HARTLEY' });
    expect(openTestIndex(dataDir.path).get(entry.id)).toEqual(entry);
    expect(index.add(archiveEntryFromDownload(summaryFor(zip), zip.manifest, 'sandbox', { patientName: '' }))).not.toHaveProperty('patientName');
  });

  it('lists newest first, filters by NHS number, and keeps entries across restarts', async () => {
    const index = openTestIndex(dataDir.path);
    const older = index.add(await savedEntry('a.zip', NHS_NUMBER, '2024-01-01T00:00:00.000Z'));
    const newer = index.add(await savedEntry('b.zip', NHS_NUMBER, '2024-03-01T00:00:00.000Z'));
    const other = index.add(await savedEntry('c.zip', OTHER_NHS_NUMBER, '2024-02-01T00:00:00.000Z'));

    expect(index.list().map((view) => view.entry.id)).toEqual([newer.id, other.id, older.id]);
    expect(index.list({ nhsNumber: NHS_NUMBER }).map((view) => view.entry.id)).toEqual([newer.id, older.id]);
    expect(index.list()[0]).toMatchObject({ status: null, checkedAt: null, reviewDue: false });
    expect(openTestIndex(dataDir.path).list().map((view) => view.entry)).toEqual(index.list().map((view) => view.entry));
  });

  it('removes an entry but leaves its file unless asked to delete it', async () => {
    const index = openTestIndex(dataDir.path);
    const entry = index.add(await savedEntry('a.zip'));

    await expect(index.remove(entry.id)).resolves.toMatchObject({ fileDeleted: false });

    expect(index.list()).toEqual([]);
    await expect(access(entry.path)).resolves.toBeUndefined();
  });

  it('deletes the file with the entry when it still hashes as recorded', async () => {
    const index = openTestIndex(dataDir.path);
    const entry = index.add(await savedEntry('a.zip'));

    await expect(index.remove(entry.id, { deleteFile: true })).resolves.toMatchObject({ fileDeleted: true });

    expect(index.list()).toEqual([]);
    await expect(access(entry.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses to delete a file that has changed, keeping both the file and the entry', async () => {
    const index = openTestIndex(dataDir.path);
    const entry = index.add(await savedEntry('a.zip'));
    await flipByte(entry.path, 40);
    const changed = await readFile(entry.path);

    const removal = index.remove(entry.id, { deleteFile: true });

    await expect(removal).rejects.toMatchObject({ code: 'file-changed', message: expect.stringContaining('did not delete it') });
    expect(await readFile(entry.path)).toEqual(changed);
    expect(index.get(entry.id)).toEqual(entry);
  });

  it('removes the entry of a file that is already gone when asked to delete it', async () => {
    const index = openTestIndex(dataDir.path);
    const entry = index.add(await savedEntry('a.zip'));
    await saves.remove();

    await expect(index.remove(entry.id, { deleteFile: true })).resolves.toMatchObject({ fileDeleted: false });
    expect(index.list()).toEqual([]);
  });

  it('says plainly when an entry is no longer in the archive', async () => {
    const index = openTestIndex(dataDir.path);
    expect(index.get('nope')).toBeUndefined();
    await expect(index.verify('nope')).rejects.toMatchObject({ code: 'not-found' });
    await expect(index.remove('nope')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('flags entries for review once the retention period has passed, and never without one', async () => {
    const now = new Date('2024-06-30T00:00:00.000Z');
    const savedDaysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
    const index = openTestIndex(dataDir.path, { retentionDays: 30, now: () => now });
    const due = index.add(await savedEntry('a.zip', NHS_NUMBER, savedDaysAgo(30)));
    const notDue = index.add(await savedEntry('b.zip', NHS_NUMBER, savedDaysAgo(29)));

    const reviewDue = new Map(index.list().map((view) => [view.entry.id, view.reviewDue]));

    expect(reviewDue).toEqual(new Map([[due.id, true], [notDue.id, false]]));
    expect(openTestIndex(dataDir.path, { now: () => now }).list().every((view) => !view.reviewDue)).toBe(true);
    await expect(access(due.path)).resolves.toBeUndefined();
  });

  it('refuses relative paths, which could point anywhere later', () => {
    const index = openTestIndex(dataDir.path);
    expect(() => index.add({ ...NEW_ENTRY_BASE, path: 'relative.zip' })).toThrow(TypeError);
  });
});

const NEW_ENTRY_BASE: NewArchiveEntry = {
  source: 'import',
  nhsNumber: null,
  savedAt: '2024-01-01T00:00:00.000Z',
  path: '/tmp/x.zip',
  bytes: 1,
  sha256: '0'.repeat(64),
  documentCount: 0,
  missingCount: 0,
  correlationId: null,
  environment: null,
  documents: [],
};
