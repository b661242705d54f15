import { join } from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { app, type BrowserWindow, dialog, ipcMain, Menu, powerMonitor, protocol, safeStorage, session, shell } from 'electron';
import ElectronStore from 'electron-store';
import { doctorSwitch, runDoctorSwitch } from './cli/doctor/doctor-switch.js';
import { encryptedTokenVault } from './identity/token-vault.js';
import { createHandlers, type Emit } from './ipc/handlers.js';
import { registerIpcHandlers } from './ipc/electron-ipc.js';
import { forwardSessionChanges } from './ipc/session-handlers.js';
import { forwardTraceCopyChanges } from './ipc/trace-copy-handlers.js';
import { isTrustedSender, senderOf } from './ipc/trusted-sender.js';
import { trackDownloads } from './jobs/running-downloads.js';
import { type Logger, silentLogger } from './logging/logger.js';
import { maskSecrets } from './logging/secrets.js';
import { setUp } from './setup/setup.js';
import { TRAINING_BUILD } from './setup/training-build.js';
import { createSettings, SETTINGS_SCHEMA } from './settings/settings-store.js';
import { registerAppProtocol, registerAppSchemeAsPrivileged } from './window/app-protocol.js';
import { createElectronPlatform } from './window/electron-platform.js';
import { CLOSE_DURING_DOWNLOAD, guardCloseDuringDownload } from './window/close-guard.js';
import { createMainWindow } from './window/main-window.js';
import { stopCleanlyOnSystemShutdown } from './window/os-shutdown.js';
import { lockDownPackagedApp } from './window/packaged-app.js';
import { lockDownSession, lockDownWebContents } from './window/session-security.js';

// Boot only: sandbox every renderer, one instance, the app scheme; on ready lock down, open the backend, wire IPC, open the window.
app.enableSandbox();
registerAppSchemeAsPrivileged(protocol);
const SHUTDOWN_FLUSH_LIMIT_MS = 10_000;
const SHUTDOWN_CANCEL_LIMIT_MS = 10_000;
let mainWindow: BrowserWindow | undefined;
// Until the data folder is known nothing is logged; then the log in <data folder>/logs, masked.
let logger: Logger = silentLogger();
// Watches without changing what an uncaught error does; the stack is masked like every other line.
process.on('uncaughtExceptionMonitor', (error, origin) => logger.error('unexpected-error', { origin, error }));

const doctor = doctorSwitch(process.argv);
if (doctor !== undefined) {
  // `--doctor`: the IT check on stdout and its exit code; no window, no single-instance lock (the app may be running).
  void runDoctorSwitch(doctor, { userData: app.getPath('userData'), packaged: app.isPackaged }).then((code) => app.exit(code));
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow !== undefined && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) {
        mainWindow.restore();
      }
      mainWindow.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents, (url) => shell.openExternal(url)));
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => cannotStart(error instanceof Error ? error.message : String(error)));
}

async function start(): Promise<void> {
  lockDownSession(session.defaultSession);
  lockDownPackagedApp(Menu, app.isPackaged, process.platform);
  registerAppProtocol(protocol, join(import.meta.dirname, '../renderer'));

  const set = await setUp({
    shell: 'app',
    defaultDataDir: app.getPath('userData'),
    // DOCSTORE_POLICY_FILE is for development only: in a packaged app a user must not be able to swap the policy.
    allowPolicyPathOverride: !app.isPackaged,
    // A packaged app ships no emulators: with nothing configured it says it has not been set up. The training build
    // ships them and runs on nothing else (main/setup/training-build.ts).
    sandboxShipped: !app.isPackaged || TRAINING_BUILD,
    // Paths in the user's folders are masked wherever they appear in the log, the policy's save folder too.
    userRoots: [app.getPath('downloads'), app.getPath('documents')],
    openStoreIn: (cwd, name, fileOptions) => new ElectronStore({ name, cwd, clearInvalidConfig: false, ...fileOptions }),
    startFields: { packaged: app.isPackaged },
    // Sign-in opens the system browser (RFC 8252); the refresh token is kept encrypted by the OS between runs.
    signIn: { openBrowser: (url) => shell.openExternal(url), vaultIn: (dataDir) => encryptedTokenVault(dataDir, safeStorage) },
  });
  if (!set.ok) {
    logger = set.error.logger;
    cannotStart(set.error.message);
    return;
  }
  const house = set.value;
  logger = house.logger;
  const { backend, openArchive } = house;
  const downloads = trackDownloads(house.services);
  const { services } = downloads;
  // A malformed settings file only loses the save folder, which the user chooses again. The policy's folder, when
  // locked, wins over whatever the file holds.
  const settings = createSettings(
    new ElectronStore({ name: 'settings', cwd: backend.config.dataDir, schema: SETTINGS_SCHEMA, clearInvalidConfig: true }),
    backend.policy,
  );
  const platform = createElectronPlatform(() => mainWindow);
  const handlers = createHandlers({
    services,
    session: backend.session,
    settings,
    platform,
    appInfo: () => services.appInfo(),
    archive: openArchive,
    archiveViewLimitBytes: house.archiveViewLimitBytes,
    archiveRequiresSignIn: house.archiveRequiresSignIn,
    logger,
    managedSettings: () => house.managedSettings(),
  });
  registerIpcHandlers(ipcMain, handlers, (event) => isTrustedSender(senderOf(event)));
  // Changes no request of the window caused: the session's, and the background trace copies' after "Saved".
  const sendToWindow: Emit = (channel, event) => {
    if (mainWindow !== undefined && !mainWindow.isDestroyed()) {
      mainWindow.webContents.send(channel, event);
    }
  };
  forwardSessionChanges(backend.session, sendToWindow);
  forwardTraceCopyChanges(services.traceCopies, sendToWindow);

  // Once before the app goes (a quit, or the OS shutting down): cancel a running download and wait for its cleanup,
  // send audit events still on disk, then stop the backend (and the built-in sandbox). Each wait is capped: unsent
  // events stay in the outbox and go at the next start; a cleanup cut short is finished by the next start's sweep.
  let shutdown: 'running' | 'done' | undefined;
  const stopAndQuit = () => {
    if (shutdown !== undefined) {
      return;
    }
    shutdown = 'running';
    if (downloads.isRunning()) {
      logger.info('app.quit-cancels-download');
    }
    void downloads
      .cancelAll(wait(SHUTDOWN_CANCEL_LIMIT_MS, undefined, { ref: false }))
      .then(() => house.close(SHUTDOWN_FLUSH_LIMIT_MS))
      .catch(() => undefined)
      .finally(() => {
        shutdown = 'done';
        app.quit();
      });
  };
  app.on('before-quit', (event) => {
    if (shutdown !== 'done') {
      event.preventDefault();
      stopAndQuit();
    }
  });

  const window = createMainWindow(join(import.meta.dirname, '../preload/index.cjs'), { packaged: app.isPackaged });
  guardCloseDuringDownload(window, {
    isDownloading: () => downloads.isRunning(),
    ask: () => dialog.showMessageBox(window, { ...CLOSE_DURING_DOWNLOAD, buttons: [...CLOSE_DURING_DOWNLOAD.buttons] }).then(({ response }) => response),
  });
  stopCleanlyOnSystemShutdown({ powerMonitor, window }, { isDownloading: () => downloads.isRunning(), stopAndQuit, logger });
  mainWindow = window;
}

/** Tells the user why the app cannot start, in the message only (no stack trace), and quits. */
function cannotStart(message: string): void {
  logger.error('app.cannot-start', { message });
  dialog.showErrorBox('Document Store Desktop cannot start', maskSecrets(message));
  app.quit();
}
