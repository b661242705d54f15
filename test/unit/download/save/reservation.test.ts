import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { discardReservation, reserveName } from '../../../../main/download/save/reservation.js';
import { saveToFolder } from '../../../../main/download/save/save-to-folder.js';
import { BODY, FILE_NAME, fsError, isRoot, saveError, useSaveFixture } from './save-fixture.js';

const save = useSaveFixture();

describe('reserveName', () => {
  it('claims the name with an empty partial file, which discarding removes', async () => {
    const reservation = await reserveName(save.folder, FILE_NAME);

    expect(reservation).toMatchObject({ folder: save.folder, fileName: FILE_NAME, index: 0 });
    expect(await save.folderEntries()).toEqual([`${FILE_NAME}.partial`]);

    await discardReservation(reservation);

    expect(await save.folderEntries()).toEqual([]);
  });

  it('moves on to (1) while another reservation holds the name', async () => {
    const first = await reserveName(save.folder, FILE_NAME);
    const second = await reserveName(save.folder, FILE_NAME);

    expect(second.index).toBe(1);
    expect(await save.folderEntries()).toEqual(['patient-record-9990000018(1).zip.partial', `${FILE_NAME}.partial`]);
    await Promise.all([discardReservation(first), discardReservation(second)]);
  });

  it('reports a folder given as a relative path as missing', async () => {
    const error = await saveError(reserveName('relative/folder', FILE_NAME));

    expect(error.code).toBe('folder-missing');
  });
});

describe('saveToFolder into the user folder', () => {
  it('never overwrites: with the name and (1) taken it saves as (2) and leaves the others untouched', async () => {
    await fs.writeFile(path.join(save.folder, FILE_NAME), 'first');
    await fs.writeFile(path.join(save.folder, 'patient-record-9990000018(1).zip'), 'second');

    const saved = await saveToFolder(save.request());

    expect(path.basename(saved.path)).toBe('patient-record-9990000018(2).zip');
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
    expect(await fs.readFile(path.join(save.folder, FILE_NAME), 'utf8')).toBe('first');
    expect(await fs.readFile(path.join(save.folder, 'patient-record-9990000018(1).zip'), 'utf8')).toBe('second');
    expect(await save.folderEntries()).toHaveLength(3);
  });

  it('gives two saves racing for the same name a file each', async () => {
    const saved = await Promise.all([saveToFolder(save.request()), saveToFolder(save.request())]);

    expect(saved.map((file) => path.basename(file.path)).sort()).toEqual([
      'patient-record-9990000018(1).zip',
      FILE_NAME,
    ]);
    for (const file of saved) {
      expect((await fs.readFile(file.path)).equals(BODY)).toBe(true);
    }
    expect(await save.folderEntries()).toHaveLength(2);
  });

  it.skipIf(isRoot)(
    'reports a read-only folder (skipped as root, which ignores permission bits; the simulated variants below run everywhere)',
    async () => {
      await fs.chmod(save.folder, 0o555);

      const error = await saveError(saveToFolder(save.request()));

      expect(error.code).toBe('folder-not-writable');
      expect(error.message).toBe(
        `You cannot save to ${save.folder}: this folder is read-only. Choose another folder with 'Change folder'.`,
      );
    },
  );

  it('reports a folder on a read-only file system (simulated EROFS)', async () => {
    const realOpen = fs.open.bind(fs);
    vi.spyOn(fs, 'open').mockImplementation((file, flags, mode) =>
      String(file).endsWith('.partial') ? Promise.reject(fsError('EROFS')) : realOpen(file, flags, mode),
    );

    const error = await saveError(saveToFolder(save.request()));

    expect(error.code).toBe('folder-not-writable');
    expect(error.message).toContain(save.folder);
    expect(save.seen).toHaveLength(0);
  });

  it('reports a folder whose permission bits allow writing but which refuses new files, as on Windows (simulated EACCES)', async () => {
    const realOpen = fs.open.bind(fs);
    vi.spyOn(fs, 'open').mockImplementation((file, flags, mode) =>
      String(file).endsWith('.partial') ? Promise.reject(fsError('EACCES')) : realOpen(file, flags, mode),
    );

    const error = await saveError(saveToFolder(save.request()));

    expect(error.code).toBe('folder-not-writable');
    expect(await save.folderEntries()).toEqual([]);
  });

  it('reports a missing folder', async () => {
    const missing = path.join(save.folder, 'unplugged-drive');

    const error = await saveError(saveToFolder(save.request({ folder: missing })));

    expect(error.code).toBe('folder-missing');
    expect(error.message).toContain(missing);
  });

  it('reports a "folder" that is really a file, or lies under a file, as missing', async () => {
    const file = path.join(save.folder, 'not-a-folder');
    await fs.writeFile(file, 'x');

    expect((await saveError(saveToFolder(save.request({ folder: file })))).code).toBe('folder-missing');
    expect((await saveError(saveToFolder(save.request({ folder: path.join(file, 'below') })))).code).toBe(
      'folder-missing',
    );
    expect(save.seen).toHaveLength(0);
  });
});
