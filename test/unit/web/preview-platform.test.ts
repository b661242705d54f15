// @vitest-environment node
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ArchiveIndex } from '../../../main/archive/archive-index.js';
import { archiveEntryFromDownload } from '../../../main/archive/record-download.js';
import { previewPlatform } from '../../../main/web/preview-platform.js';
import { PDF, openTestIndex, summaryFor, tempFolder, writeOurZip } from '../archive/archive-fixtures.js';

describe("the web preview's stand-ins for the archive's file dialogs", () => {
  let dataDir: Awaited<ReturnType<typeof tempFolder>>;
  let downloads: Awaited<ReturnType<typeof tempFolder>>;
  let index: ArchiveIndex;

  beforeEach(async () => {
    dataDir = await tempFolder('preview-platform-data');
    downloads = await tempFolder('preview-platform-downloads');
    index = openTestIndex(dataDir.path);
    vi.spyOn(process.stderr, 'write').mockReturnValue(true);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all([dataDir.remove(), downloads.remove()]);
  });

  async function zipAt(name: string, modified: Date) {
    const zip = await writeOurZip(join(downloads.path, name), [{ name: `${name}.pdf`, data: PDF }]);
    await utimes(zip.file, modified, modified);
    return zip;
  }

  it('"Add a ZIP…" picks the newest ZIP in --downloads that is not archived yet, and nothing else', async () => {
    const older = await zipAt('older.zip', new Date('2024-01-01'));
    const newer = await zipAt('newer.zip', new Date('2024-06-01'));
    await writeFile(join(downloads.path, 'notes.txt'), 'not a zip');
    await mkdir(join(downloads.path, 'folder.zip'));
    const platform = previewPlatform(downloads.path, () => index);

    expect(await platform.chooseZip()).toBe(newer.file);
    index.add(archiveEntryFromDownload(summaryFor(newer), newer.manifest, 'sandbox'));
    expect(await platform.chooseZip()).toBe(older.file);
    index.add(archiveEntryFromDownload(summaryFor(older), older.manifest, 'sandbox'));
    expect(await platform.chooseZip()).toBeUndefined();
  });

  it('"Locate…" offers a ZIP in --downloads of the recorded size, preferring the recorded name', async () => {
    const zip = await zipAt('record.zip', new Date('2024-01-01'));
    const entry = index.add(archiveEntryFromDownload(summaryFor(zip), zip.manifest, 'sandbox'));
    const platform = previewPlatform(downloads.path, () => index);

    expect(await platform.chooseLocation({ ...entry, path: '/elsewhere/record.zip' })).toBe(zip.file);
    expect(await platform.chooseLocation({ ...entry, bytes: entry.bytes + 1 })).toBeUndefined();
  });

  it('"Save a copy…" names a file in --downloads that does not exist yet, from the last part of the name', async () => {
    const platform = previewPlatform(downloads.path);
    expect(await platform.chooseSaveCopyPath('Letter.pdf')).toBe(join(downloads.path, 'Letter.pdf'));
    await writeFile(join(downloads.path, 'Letter.pdf'), 'taken');
    await writeFile(join(downloads.path, 'Letter(1).pdf'), 'taken');
    expect(await platform.chooseSaveCopyPath('Letter.pdf')).toBe(join(downloads.path, 'Letter(2).pdf'));
    expect(await platform.chooseSaveCopyPath('../../etc/passwd')).toBe(join(downloads.path, 'passwd'));
  });

  it('"Copy diagnostics" writes the text to stderr and says it reached no clipboard', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const platform = previewPlatform(downloads.path);
    expect(await platform.copyText('Document Store Desktop diagnostics\n')).toBe(false);
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('Document Store Desktop diagnostics'));
  });
});
