/**
 * Closing the window while a download runs: the person is asked first, and the download is cancelled (and cleaned
 * up by the quit that follows) only if they say so.
 */

/** The question, in the words the person sees; button 0 keeps the download. */
export const CLOSE_DURING_DOWNLOAD = {
  type: 'warning',
  buttons: ['Keep downloading', 'Cancel the download and close'],
  defaultId: 0,
  cancelId: 0,
  message: 'A download is still running.',
  detail: 'If you close now, the download is cancelled and nothing is saved.',
} as const;

/** The part of a window the guard uses. */
export interface GuardedWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  close(): void;
}

/**
 * Asks before the window closes during a download. `ask` shows CLOSE_DURING_DOWNLOAD and resolves with the button
 * chosen; only "Cancel the download and close" lets the window close.
 */
export function guardCloseDuringDownload(
  window: GuardedWindow,
  guard: { readonly isDownloading: () => boolean; readonly ask: () => Promise<number> },
): void {
  let confirmed = false;
  let asking = false;
  window.on('close', (event) => {
    if (confirmed || !guard.isDownloading()) {
      return;
    }
    event.preventDefault();
    if (asking) {
      return;
    }
    asking = true;
    void guard
      .ask()
      .then((button) => {
        if (button === 1) {
          confirmed = true;
          window.close();
        }
      })
      .finally(() => {
        asking = false;
      });
  });
}
