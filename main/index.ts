import { join } from 'node:path';
import { app, session } from 'electron';
import { createMainWindow } from './window/main-window.js';

// Boot only: lock to one instance, deny every permission, open the window.
app.enableSandbox();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    createMainWindow(join(import.meta.dirname, '../renderer/index.html'));
  });
  app.on('window-all-closed', () => app.quit());
}
