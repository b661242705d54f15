// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { CLOSE_DURING_DOWNLOAD, type GuardedWindow, guardCloseDuringDownload } from '../../../main/window/close-guard.js';

function fakeWindow() {
  let listener: ((event: { preventDefault(): void }) => void) | undefined;
  const closed = vi.fn();
  const window: GuardedWindow = {
    on: (_name, registered) => {
      listener = registered;
    },
    close: () => {
      closed();
      tryToClose();
    },
  };
  /** Emits 'close' as Electron does; true when nothing prevented it. */
  function tryToClose(): boolean {
    let prevented = false;
    listener?.({ preventDefault: () => (prevented = true) });
    return !prevented;
  }
  return { window, tryToClose, closed };
}

describe('closing the window during a download', () => {
  it('closes at once when no download is running, without asking', () => {
    const { window, tryToClose } = fakeWindow();
    const ask = vi.fn(() => Promise.resolve(1));
    guardCloseDuringDownload(window, { isDownloading: () => false, ask });
    expect(tryToClose()).toBe(true);
    expect(ask).not.toHaveBeenCalled();
  });

  it('asks first, and keeps the window (and the download) when the person chooses to keep downloading', async () => {
    const { window, tryToClose, closed } = fakeWindow();
    const ask = vi.fn(() => Promise.resolve(0));
    guardCloseDuringDownload(window, { isDownloading: () => true, ask });
    expect(tryToClose()).toBe(false);
    await vi.waitFor(() => expect(ask).toHaveBeenCalledOnce());
    expect(closed).not.toHaveBeenCalled();
  });

  it('closes once the person chooses to cancel the download, asking only once', async () => {
    const { window, tryToClose, closed } = fakeWindow();
    const ask = vi.fn(() => Promise.resolve(1));
    guardCloseDuringDownload(window, { isDownloading: () => true, ask });
    expect(tryToClose()).toBe(false);
    await vi.waitFor(() => expect(closed).toHaveBeenCalledOnce());
    expect(ask).toHaveBeenCalledOnce();
  });

  it('says in plain words what closing does, with keeping the download as the default', () => {
    expect(CLOSE_DURING_DOWNLOAD.buttons[CLOSE_DURING_DOWNLOAD.defaultId]).toBe('Keep downloading');
    expect(CLOSE_DURING_DOWNLOAD.detail).toBe('If you close now, the download is cancelled and nothing is saved.');
  });
});
