// @vitest-environment node
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow } from '../../../main/window/main-window.js';

const electron = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  class FakeBrowserWindow {
    static instances: FakeBrowserWindow[] = [];
    readonly once = vi.fn((name: string, listener: Listener) => {
      this.onceListeners.set(name, listener);
      return this;
    });
    readonly show = vi.fn();
    readonly loadURL = vi.fn(() => Promise.resolve());
    readonly loadFile = vi.fn(() => Promise.resolve());
    readonly webContents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    readonly onceListeners = new Map<string, Listener>();
    constructor(readonly options: unknown) {
      FakeBrowserWindow.instances.push(this);
    }
  }
  return { BrowserWindow: FakeBrowserWindow, shell: { openExternal: vi.fn(() => Promise.resolve()) } };
});

// vi.mock is hoisted above the imports, so main-window.ts sees the fakes, never the real Electron.
vi.mock('electron', () => electron);

const PRELOAD = '/opt/document-store/resources/app.asar/out/preload/index.cjs';

const PACKAGED = { packaged: true } as const;

/** The options createMainWindow passed to the (fake) BrowserWindow. */
function createdOptions(build: { packaged: boolean } = PACKAGED): { show?: boolean; webPreferences?: Record<string, unknown> } {
  createMainWindow(PRELOAD, build);
  return electron.BrowserWindow.instances.at(-1)?.options as { show?: boolean; webPreferences?: Record<string, unknown> };
}

describe('the main window\'s webPreferences', () => {
  const preferences = createdOptions().webPreferences ?? {};

  it('isolates the renderer in a sandbox (checklist items 3 and 4)', () => {
    expect(preferences.contextIsolation).toBe(true);
    expect(preferences.sandbox).toBe(true);
  });

  it('gives the renderer no Node (item 2)', () => {
    expect(preferences.nodeIntegration).toBe(false);
    expect(preferences.nodeIntegrationInWorker).toBe(false);
    expect(preferences.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and insecure content off (items 6 and 8)', () => {
    expect(preferences.webSecurity).toBe(true);
    expect(preferences.allowRunningInsecureContent).toBe(false);
  });

  it('enables no experimental or Blink features and no webview (items 9, 10 and 11)', () => {
    expect(preferences.experimentalFeatures).toBe(false);
    expect(preferences).not.toHaveProperty('enableBlinkFeatures');
    expect(preferences.webviewTag).toBe(false);
  });

  it('uses the given preload script', () => {
    expect(preferences.preload).toBe(PRELOAD);
  });

  it('turns middle-click (auxclick) off so a link cannot open a new window that way', () => {
    expect(preferences.disableBlinkFeatures).toBe('Auxclick');
  });

  it('has no DevTools in a packaged build, and keeps them for development', () => {
    expect(preferences.devTools).toBe(false);
    expect(createdOptions({ packaged: false }).webPreferences?.devTools).toBe(true);
  });

  it('is exactly the secure preferences plus the preload, nothing more', () => {
    expect(Object.keys(preferences).toSorted()).toEqual([
      'allowRunningInsecureContent',
      'contextIsolation',
      'devTools',
      'disableBlinkFeatures',
      'experimentalFeatures',
      'nodeIntegration',
      'nodeIntegrationInSubFrames',
      'nodeIntegrationInWorker',
      'preload',
      'sandbox',
      'spellcheck',
      'webSecurity',
      'webviewTag',
    ]);
  });

  it('starts hidden, to show once painted', () => {
    expect(createdOptions().show).toBe(false);
  });
});

describe('createMainWindow', () => {
  beforeEach(() => {
    electron.BrowserWindow.instances.length = 0;
  });

  it('loads the app entry, never a file', () => {
    createMainWindow(PRELOAD, PACKAGED);
    const [window] = electron.BrowserWindow.instances;
    expect(window?.loadURL).toHaveBeenCalledExactlyOnceWith('app://bundle/index.html');
    expect(window?.loadFile).not.toHaveBeenCalled();
  });

  it('locks its web contents down', () => {
    createMainWindow(PRELOAD, PACKAGED);
    const [window] = electron.BrowserWindow.instances;
    const events = window?.webContents.on.mock.calls.map(([name]) => name as string);
    expect(events).toEqual(expect.arrayContaining(['will-navigate', 'will-frame-navigate', 'will-attach-webview']));
    expect(window?.webContents.setWindowOpenHandler).toHaveBeenCalledOnce();
  });

  it('shows the window on ready-to-show', () => {
    createMainWindow(PRELOAD, PACKAGED);
    const [window] = electron.BrowserWindow.instances;
    expect(window?.show).not.toHaveBeenCalled();
    window?.onceListeners.get('ready-to-show')?.();
    expect(window?.show).toHaveBeenCalledOnce();
  });
});
