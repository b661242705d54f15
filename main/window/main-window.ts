import { BrowserWindow } from 'electron';

/**
 * The web preferences every window gets; kept in one place so a test can pin them.
 *
 * The renderer runs sandboxed and isolated with no Node, and web security stays on.
 */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
} as const;

/** Creates the main window and loads the packaged renderer. */
export function createMainWindow(rendererIndex: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 560,
    show: false,
    title: 'Document Store Desktop',
    webPreferences: SECURE_WEB_PREFERENCES,
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  void window.loadFile(rendererIndex);
  return window;
}
