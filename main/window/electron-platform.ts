import { type BrowserWindow, dialog, Notification, type OpenDialogOptions, shell } from 'electron';
import type { Platform } from '../ipc/handlers.js';

/**
 * The OS integrations the handlers use, done with Electron: folder picker, file manager, default app, notifications.
 *
 * `getWindow` is asked at each call, so the dialog is parented to the window that exists then.
 */
export function createElectronPlatform(getWindow: () => BrowserWindow | undefined): Platform {
  // A closed window still exists as an object, but every call on it throws.
  const liveWindow = (): BrowserWindow | undefined => {
    const window = getWindow();
    return window === undefined || window.isDestroyed() ? undefined : window;
  };
  return {
    async chooseFolder(current) {
      const options: OpenDialogOptions = {
        title: 'Choose where to save ZIP files',
        buttonLabel: 'Choose folder',
        properties: ['openDirectory', 'createDirectory'],
        ...(current === null ? {} : { defaultPath: current }),
      };
      const window = liveWindow();
      const result = window === undefined ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(window, options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    showInFolder(file) {
      shell.showItemInFolder(file);
    },
    openFile(file) {
      return shell.openPath(file);
    },
    notify(title, body) {
      // The window shows the outcome itself; a notification is for a user who is looking elsewhere.
      if (liveWindow()?.isFocused() === true || !Notification.isSupported()) {
        return;
      }
      new Notification({ title, body }).show();
    },
  };
}
