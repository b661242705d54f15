import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { saveToFolder } from '../../../../main/download/save/save-to-folder.js';
import { BODY, FILE_NAME, fsError, useSaveFixture } from './save-fixture.js';

const save = useSaveFixture();

describe('placing the verified file', () => {
  it('moves on to the next name when the wanted one appears during the download', async () => {
    const squatter = path.join(save.folder, FILE_NAME);
    let created = false;
    const onProgress = (): void => {
      if (!created) {
        created = true;
        void fs.writeFile(squatter, 'made meanwhile');
      }
    };
    save.knobs = { chunkDelayMs: 1 };

    const saved = await saveToFolder(save.request({ onProgress }));

    expect(path.basename(saved.path)).toBe('patient-record-9990000018(1).zip');
    expect(await fs.readFile(squatter, 'utf8')).toBe('made meanwhile');
    expect(await save.folderEntries()).toHaveLength(2);
  });

  it('falls back to claiming the name and renaming where hard links are unsupported, retrying a busy rename', async () => {
    await fs.writeFile(path.join(save.folder, FILE_NAME), 'existing');
    vi.spyOn(fs, 'link').mockRejectedValue(fsError('EPERM'));
    const realRename = fs.rename.bind(fs);
    const rename = vi
      .spyOn(fs, 'rename')
      .mockRejectedValueOnce(fsError('EBUSY'))
      .mockRejectedValueOnce(fsError('EPERM'))
      .mockImplementation(realRename);

    const saved = await saveToFolder(save.request());

    expect(path.basename(saved.path)).toBe('patient-record-9990000018(1).zip');
    expect(rename).toHaveBeenCalledTimes(3);
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
    expect(await fs.readFile(path.join(save.folder, FILE_NAME), 'utf8')).toBe('existing');
    expect(await save.folderEntries()).toHaveLength(2);
  });
});
