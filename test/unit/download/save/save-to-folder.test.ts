import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { reserveName } from '../../../../main/download/save/reservation.js';
import type { SaveProgress } from '../../../../main/download/save/save-job.js';
import { saveReserved, saveToFolder } from '../../../../main/download/save/save-to-folder.js';
import { BODY, BODY_SHA256, FILE_NAME, saveError, useSaveFixture } from './save-fixture.js';

const save = useSaveFixture();

describe('saveToFolder', () => {
  it('saves the verified file under the wanted name and leaves no partial file', async () => {
    const progress: SaveProgress[] = [];

    const saved = await saveToFolder(save.request({ onProgress: (update) => progress.push(update) }));

    expect(saved).toEqual({ path: path.join(save.folder, FILE_NAME), bytes: BODY.length, sha256: BODY_SHA256 });
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
    expect(await save.folderEntries()).toEqual([FILE_NAME]);
    expect(progress.at(-1)).toEqual({ phase: 'verifying', bytesDone: BODY.length, bytesTotal: BODY.length });
    expect(progress.filter((update) => update.phase === 'saving').length).toBeGreaterThan(0);
  });

  it('reports progress at most about ten times a second, plus a final update', async () => {
    save.knobs = { chunkDelayMs: 4 };
    const savingTimes: number[] = [];
    const progress: SaveProgress[] = [];
    const onProgress = (update: SaveProgress): void => {
      progress.push(update);
      if (update.phase === 'saving') {
        savingTimes.push(performance.now());
      }
    };

    await saveToFolder(save.request({ onProgress }));

    expect(savingTimes.length).toBeGreaterThan(1);
    const gaps = savingTimes.slice(1).map((time, index) => time - savingTimes[index]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(99);
    expect(progress.at(-1)).toEqual({ phase: 'verifying', bytesDone: BODY.length, bytesTotal: BODY.length });
  });

  it('refuses a file whose SHA-256 does not match and leaves nothing behind', async () => {
    const error = await saveError(saveToFolder(save.request({ expectedSha256: '0'.repeat(64) })));

    expect(error.code).toBe('verification-failed');
    expect(error.message).toContain(save.folder);
    expect(await save.folderEntries()).toEqual([]);
  });

  it('refuses a file of the wrong size without retrying', async () => {
    const error = await saveError(saveToFolder(save.request({ expectedBytes: BODY.length - 1 })));

    expect(error.code).toBe('verification-failed');
    expect(save.seen).toHaveLength(1);
    expect(await save.folderEntries()).toEqual([]);
  });

  it('reports a full disk before downloading', async () => {
    const nearlyFull = Object.assign(await fs.statfs(save.folder), { bavail: 10 });
    vi.spyOn(fs, 'statfs').mockResolvedValueOnce(nearlyFull);

    const error = await saveError(saveToFolder(save.request()));

    expect(error.code).toBe('disk-full');
    expect(error.message).toContain(save.folder);
    expect(save.seen).toHaveLength(0);
    expect(await save.folderEntries()).toEqual([]);
  });

  it('cancels mid-download and removes the partial file', async () => {
    save.knobs = { chunkDelayMs: 5 };
    const controller = new AbortController();
    const onProgress = (update: SaveProgress): void => {
      if (update.bytesDone > 0) {
        controller.abort();
      }
    };

    const error = await saveError(saveToFolder(save.request({ signal: controller.signal, onProgress })));

    expect(error.code).toBe('cancelled');
    expect(await save.folderEntries()).toEqual([]);
  });

  it('touches nothing when cancelled before it starts', async () => {
    const controller = new AbortController();
    controller.abort();

    const error = await saveError(saveToFolder(save.request({ signal: controller.signal })));

    expect(error.code).toBe('cancelled');
    expect(save.seen).toHaveLength(0);
    expect(await save.folderEntries()).toEqual([]);
  });
});

describe('saveReserved', () => {
  it('turns a name reserved beforehand into the saved file', async () => {
    const reservation = await reserveName(save.folder, FILE_NAME);

    const saved = await saveReserved(reservation, save.request());

    expect(saved).toEqual({ path: path.join(save.folder, FILE_NAME), bytes: BODY.length, sha256: BODY_SHA256 });
    expect(await save.folderEntries()).toEqual([FILE_NAME]);
  });

  it('removes the reservation when the save fails', async () => {
    const reservation = await reserveName(save.folder, FILE_NAME);
    save.knobs = { alwaysStatus: 404 };

    const error = await saveError(saveReserved(reservation, save.request()));

    expect(error.code).toBe('download-failed');
    expect(await save.folderEntries()).toEqual([]);
  });
});
