// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { createElectronPlatform } from '../../../main/window/electron-platform.js';

const electron = vi.hoisted(() => ({
  app: { getPath: vi.fn(() => '/home/user/Downloads') },
  clipboard: { writeText: vi.fn(() => Promise.resolve()) },
  dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
  Notification: Object.assign(vi.fn(), { isSupported: vi.fn(() => false) }),
  shell: { showItemInFolder: vi.fn(), openPath: vi.fn() },
}));

// vi.mock is hoisted above the imports, so electron-platform.ts sees the fakes, never the real Electron.
vi.mock('electron', () => electron);

describe('the Electron platform', () => {
  it('"Copy diagnostics" writes the text with Electron\'s clipboard in main, not the page\'s', async () => {
    const platform = createElectronPlatform(() => undefined);
    await expect(platform.copyText('Document Store Desktop diagnostics\n')).resolves.toBe(true);
    expect(electron.clipboard.writeText).toHaveBeenCalledExactlyOnceWith('Document Store Desktop diagnostics\n');
  });

  it('lets a clipboard failure reach the handler, which then returns the text uncopied', async () => {
    electron.clipboard.writeText.mockRejectedValueOnce(new Error('clipboard busy'));
    await expect(createElectronPlatform(() => undefined).copyText('x')).rejects.toThrow('clipboard busy');
  });
});
