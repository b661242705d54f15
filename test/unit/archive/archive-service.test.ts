import { randomBytes } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveProgress } from '../../../common/archive.js';
import type { ArchiveIndex } from '../../../main/archive/archive-index.js';
import { type ArchiveDesktop, createArchiveService } from '../../../main/archive/archive-service.js';
import { importZip } from '../../../main/archive/import-zip.js';
import { INDEX_NAME } from '../../../main/archive/index-store.js';
import { PDF, PNG, openTestIndex, rawZip, tempFolder } from './archive-fixtures.js';

const POSIX = process.platform !== 'win32';
const SCAN = randomBytes(4 * 1024 * 1024);

describe('archive service', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let index: ArchiveIndex;
  let id: string;
  let offeredNames: string[];
  let copyTo: string;

  const desktop: ArchiveDesktop = {
    chooseZip: () => Promise.resolve(undefined),
    chooseLocation: () => Promise.resolve(undefined),
    chooseSaveCopyPath: (name) => {
      offeredNames.push(name);
      return Promise.resolve(copyTo);
    },
    showInFolder: () => undefined,
    openFile: () => Promise.resolve(''),
  };

  beforeEach(async () => {
    folder = await tempFolder('archive-service');
    offeredNames = [];
    copyTo = join(folder.path, 'copy.pdf');
    const file = join(folder.path, 'record.zip');
    await writeFile(
      file,
      rawZip([
        { name: 'Letter.pdf', data: PDF },
        { name: 'Scan.png', data: PNG },
        { name: 'Big scan.pdf', data: SCAN },
        { name: 'scans/CON.pdf', data: PDF },
        { name: 'invoice\u202Efdp.pdf', data: PDF },
      ]),
    );
    index = openTestIndex(join(folder.path, 'data'));
    id = (await importZip(index, file)).entry.id;
  });
  afterEach(() => folder.remove());

  describe('viewing (finding 10)', () => {
    it('refuses a document above the view limit with too-large before reading it, offering another program, and tells the window the limit', async () => {
      const service = createArchiveService({ index: () => index, desktop, maxViewBytes: 1024 * 1024 });

      expect(await service.readEntry(id, 'Big scan.pdf')).toEqual({
        ok: false,
        error: { code: 'too-large', message: expect.stringContaining('Open the ZIP with another program') },
      });
      expect(await service.open(id)).toMatchObject({ ok: true, value: { viewLimitBytes: 1024 * 1024 } });
    });

    it('keeps one in-app view at a time: a second read stops the first, which answers cancelled', async () => {
      const service = createArchiveService({ index: () => index, desktop });

      const [first, second] = await Promise.all([service.readEntry(id, 'Big scan.pdf'), service.readEntry(id, 'Scan.png')]);

      expect(first).toEqual({ ok: false, error: { code: 'cancelled', message: expect.stringContaining('Another document was opened') } });
      expect(second).toMatchObject({ ok: true, value: { name: 'Scan.png', size: PNG.length } });
      expect(await service.readEntry(id, 'Letter.pdf')).toMatchObject({ ok: true, value: { size: PDF.length } });
    });
  });

  describe('long work (finding 4)', () => {
    it('reports progress while listing, and cancel() stops it with cancelled', async () => {
      const progress: ArchiveProgress[] = [];
      const service = createArchiveService({ index: () => index, desktop });

      expect(await service.open(id, (update) => progress.push(update))).toMatchObject({ ok: true });
      expect(progress.at(-1)).toEqual({ phase: 'listing', doneBytes: SCAN.length + 3 * PDF.length + PNG.length, totalBytes: SCAN.length + 3 * PDF.length + PNG.length });

      const opening = service.open(id);
      service.cancel();
      expect(await opening).toEqual({ ok: false, error: { code: 'cancelled', message: expect.stringContaining('Stopped') } });
    });
  });

  describe('data at rest (finding 8)', () => {
    it.skipIf(!POSIX)('writes "Save a copy" for the current user only', async () => {
      const service = createArchiveService({ index: () => index, desktop });

      expect(await service.saveEntry(id, 'Letter.pdf')).toEqual({ ok: true, value: { file: copyTo } });
      expect((await stat(copyTo)).mode & 0o777).toBe(0o600);
    });

    it.skipIf(!POSIX)('writes the archive index for the current user only, and tightens one written before', async () => {
      const dataDir = join(folder.path, 'older');
      await mkdir(dataDir);
      await writeFile(join(dataDir, `${INDEX_NAME}.json`), '{}', { mode: 0o644 });

      openTestIndex(dataDir).list();

      expect((await stat(join(dataDir, `${INDEX_NAME}.json`))).mode & 0o777).toBe(0o600);
      expect((await stat(join(folder.path, 'data', `${INDEX_NAME}.json`))).mode & 0o777).toBe(0o600);
    });

    it('offers a copy name cleaned as the ZIP writer cleans entry names: reserved device names', async () => {
      const service = createArchiveService({ index: () => index, desktop });

      await service.saveEntry(id, 'scans/CON.pdf');

      expect(offeredNames).toEqual(['CON_.pdf']);
    });

    it('offers a copy name without a right-to-left override (needs the bidi rule in main/download/entry-names.ts)', async () => {
      const service = createArchiveService({ index: () => index, desktop });

      await service.saveEntry(id, 'invoice\u202Efdp.pdf');

      expect(offeredNames).toHaveLength(1);
      expect(offeredNames[0]).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/u);
      expect(offeredNames[0]).toMatch(/^invoice.*fdp\.pdf$/u);
    });
  });
});
