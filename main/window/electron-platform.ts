import { basename, dirname, join } from 'node:path';
import { app, type BrowserWindow, clipboard, dialog, Notification, type OpenDialogOptions, type SaveDialogOptions, shell } from 'electron';
import type { Platform } from '../ipc/handlers.js';

const ZIP_FILTERS = [{ name: 'ZIP files', extensions: ['zip'] }];

/**
 * The OS integrations the handlers use, done with Electron: folder and file pickers, file manager, default app,
 * notifications, the clipboard. Every path the archive works with comes from these dialogs, never from the renderer.
 *
 * `getWindow` is asked at each call, so the dialog is parented to the window that exists then.
 */
export function createElectronPlatform(getWindow: () => BrowserWindow | undefined): Platform {
  // A closed window still exists as an object, but every call on it throws.
  const liveWindow = (): BrowserWindow | undefined => {
    const window = getWindow();
    return window === undefined || window.isDestroyed() ? undefined : window;
  };
  const pickFile = async (options: OpenDialogOptions): Promise<string | undefined> => {
    const window = liveWindow();
    const result = window === undefined ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(window, options);
    return result.canceled ? undefined : result.filePaths[0];
  };
  return {
    chooseFolder(current) {
      return pickFile({
        title: 'Choose where to save ZIP files',
        buttonLabel: 'Choose folder',
        properties: ['openDirectory', 'createDirectory'],
        ...(current === null ? {} : { defaultPath: current }),
      });
    },
    showInFolder(file) {
      shell.showItemInFolder(file);
    },
    openFile(file) {
      return shell.openPath(file);
    },
    notify(title, body, open) {
      // The window shows the outcome itself; a notification is for a user who is looking elsewhere.
      if (liveWindow()?.isFocused() === true || !Notification.isSupported()) {
        return;
      }
      const notice = new Notification({ title, body, actions: [{ type: 'button', text: 'Open' }] });
      // Windows and Linux report a click on the notification; macOS its Open button.
      notice.on('click', open);
      notice.on('action', open);
      notice.show();
    },
    showProgress(fraction) {
      // -1 removes the bar (Windows taskbar, macOS dock, Unity launcher).
      liveWindow()?.setProgressBar(fraction ?? -1);
    },
    focusWindow() {
      const window = liveWindow();
      if (window !== undefined) {
        if (window.isMinimized()) {
          window.restore();
        }
        window.focus();
      }
    },
    chooseZip() {
      return pickFile({ title: 'Add a ZIP to the archive', buttonLabel: 'Add to archive', properties: ['openFile'], filters: ZIP_FILTERS });
    },
    chooseLocation(entry) {
      return pickFile({
        title: `Locate ${basename(entry.path)}`,
        buttonLabel: 'Use this file',
        // The old folder is a good start: a ZIP is most often renamed or moved next door.
        defaultPath: dirname(entry.path),
        properties: ['openFile'],
        filters: ZIP_FILTERS,
      });
    },
    async copyText(text) {
      // Main writes the clipboard: the page is denied every permission (clipboard-sanitized-write included), by design.
      await clipboard.writeText(text);
      return true;
    },
    async chooseSaveCopyPath(defaultName) {
      const options: SaveDialogOptions = {
        title: 'Save a copy of the document',
        buttonLabel: 'Save copy',
        defaultPath: join(app.getPath('downloads'), defaultName),
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const window = liveWindow();
      const result = window === undefined ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(window, options);
      return result.canceled || result.filePath === '' ? undefined : result.filePath;
    },
  };
}
