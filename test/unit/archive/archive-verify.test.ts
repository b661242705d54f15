import { copyFile, rename, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveIndex } from '../../../main/archive/archive-index.js';
import { archiveEntryFromDownload } from '../../../main/archive/record-download.js';
import type { ArchiveEntry, ArchiveProgress } from '../../../common/archive.js';
import { PDF, PNG, flipByte, openTestIndex, summaryFor, tempFolder, writeOurZip } from './archive-fixtures.js';

describe('archive verification', () => {
  let dataDir: Awaited<ReturnType<typeof tempFolder>>;
  let saves: Awaited<ReturnType<typeof tempFolder>>;
  let index: ArchiveIndex;

  beforeEach(async () => {
    dataDir = await tempFolder('verify-data');
    saves = await tempFolder('verify-saves');
    index = openTestIndex(dataDir.path);
  });
  afterEach(async () => {
    await Promise.all([dataDir.remove(), saves.remove()]);
  });

  async function archived(name: string, data = PDF): Promise<ArchiveEntry> {
    const zip = await writeOurZip(join(saves.path, name), [{ name: 'Letter.pdf', data }]);
    return index.add(archiveEntryFromDownload(summaryFor(zip), zip.manifest, 'sandbox'));
  }

  it('reports a file that hashes as recorded as verified', async () => {
    const entry = await archived('a.zip');
    await expect(index.verify(entry.id)).resolves.toMatchObject({ entry, status: 'verified', problem: null, checkedAt: expect.any(String) });
  });

  it('reports one changed byte as changed', async () => {
    const entry = await archived('a.zip');
    await flipByte(entry.path, Math.floor(entry.bytes / 2));
    await expect(index.verify(entry.id)).resolves.toMatchObject({ status: 'changed' });
  });

  it('reports a cut-short file as changed', async () => {
    const entry = await archived('a.zip');
    await truncate(entry.path, entry.bytes - 1);
    await expect(index.verify(entry.id)).resolves.toMatchObject({ status: 'changed' });
  });

  it('reports a moved or deleted file as missing', async () => {
    const moved = await archived('a.zip');
    const deleted = await archived('b.zip', PNG);
    await rename(moved.path, join(saves.path, 'elsewhere.zip'));
    await rm(deleted.path);

    const statuses = await index.verifyAll();

    expect(statuses.map((view) => view.status)).toEqual(['missing', 'missing']);
  });

  it('reports every entry, one at a time, with progress', async () => {
    const verified = await archived('a.zip');
    const changed = await archived('b.zip', PNG);
    await flipByte(changed.path, 30);
    const progress: string[] = [];

    const views = await index.verifyAll({ onProgress: (done, total) => progress.push(`${done}/${total}`) });

    expect(new Map(views.map((view) => [view.entry.id, view.status]))).toEqual(new Map([[verified.id, 'verified'], [changed.id, 'changed']]));
    expect(progress).toEqual(['1/2', '2/2']);
  });

  it('measures "verify all" in bytes over every entry; a missing file counts as done without being read', async () => {
    const present = await archived('a.zip');
    const missing = await archived('b.zip', PNG);
    await rm(missing.path);
    const progress: ArchiveProgress[] = [];

    await index.verifyAll({ onHashing: (update) => progress.push(update) });

    const total = present.bytes + missing.bytes;
    expect(progress.every((update) => update.phase === 'hashing' && update.totalBytes === total)).toBe(true);
    const done = progress.map((update) => update.doneBytes);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(total);
  });

  it('accepts a new place for a moved file only when its SHA-256 matches', async () => {
    const entry = await archived('a.zip');
    const other = await archived('b.zip', PNG);
    const newPlace = join(saves.path, 'moved.zip');
    await rename(entry.path, newPlace);

    await expect(index.relocate(entry.id, other.path)).rejects.toMatchObject({ code: 'hash-mismatch', message: expect.stringContaining('not the same file') });
    await expect(index.relocate(entry.id, join(saves.path, 'nowhere.zip'))).rejects.toMatchObject({ code: 'file-missing' });
    expect(index.get(entry.id)?.path).toBe(entry.path);

    await expect(index.relocate(entry.id, newPlace)).resolves.toMatchObject({ id: entry.id, path: newPlace });
    await expect(index.verify(entry.id)).resolves.toMatchObject({ status: 'verified', entry: { path: newPlace } });
    expect(openTestIndex(dataDir.path).get(entry.id)?.path).toBe(newPlace);
  });

  it('reports an older save as missing, not changed, once a newer save took its file name', async () => {
    const older = await archived('record.zip');
    await rm(older.path);
    const newer = await archived('record.zip', PNG);

    const views = await index.verifyAll();

    expect(new Map(views.map((view) => [view.entry.id, view.status]))).toEqual(new Map([[older.id, 'missing'], [newer.id, 'verified']]));
  });

  it('checks content, not identity: an identical copy put back in place is verified', async () => {
    const entry = await archived('a.zip');
    const copy = join(saves.path, 'copy.zip');
    await copyFile(entry.path, copy);
    await rm(entry.path);
    await rename(copy, entry.path);
    await expect(index.verify(entry.id)).resolves.toMatchObject({ status: 'verified' });
  });
});
