import { BrowserWindow, type BrowserWindowConstructorOptions, shell } from 'electron';
import { APP_ENTRY_URL } from './app-protocol.js';
import { lockDownWebContents } from './session-security.js';

/**
 * The web preferences every window gets; kept in one place so a test can pin them.
 *
 * The renderer runs sandboxed and isolated with no Node, web security stays on, and no insecure content,
 * experimental or Blink features, or `<webview>` (Electron security checklist items 2–4, 6, 8–11). Each is set
 * explicitly even where it is Electron's default, so a changed default cannot loosen them.
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

/** The options of the main window: its size and the secure preferences with the given preload script. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 560,
    show: false,
    title: 'Document Store Desktop',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  };
}

/** Creates the main window, locked down, and loads the renderer from the app scheme; it shows once painted. */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preloadPath));
  lockDownWebContents(window.webContents, (url) => shell.openExternal(url));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
