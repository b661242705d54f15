import type { ArchiveEntry, ArchiveProgress } from '../../common/archive.js';
import { type EventChannel, type EventOf, type PayloadOf, REQUEST_CHANNELS, REQUESTS, type RequestChannel, type ValueOf } from '../../common/channels.js';
import type { AppInfo } from '../../common/contract.js';
import type { ManagedSettingsView } from '../../common/managed-settings.js';
import type { ErrorPayload, Result } from '../../common/result.js';
import type { ArchiveIndex } from '../archive/archive-index.js';
import { type ArchiveService, createArchiveService } from '../archive/archive-service.js';
import { createThrottle } from '../download/throttle.js';
import { type Logger, silentLogger } from '../logging/logger.js';
import { withManagedSettings } from '../diagnostics.js';
import { maskSecrets } from '../logging/secrets.js';
import type { AppServices } from '../services.js';
import type { Session } from '../identity/session.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { sessionHandlers } from './session-handlers.js';
import { traceCopyHandlers } from './trace-copy-handlers.js';

/** What differs between the Electron shell and the web preview: the OS integrations. */
export interface Platform {
  /** Asks the user for a folder; undefined when they cancel. */
  chooseFolder(current: string | null): Promise<string | undefined>;
  showInFolder(file: string): void;
  /** Opens a file with its default app; resolves with an error text, or '' on success (as Electron's openPath). */
  openFile(file: string): Promise<string>;
  /**
   * Tells the user a long job finished when they are looking elsewhere; `open` is its "Open" action. The words may be
   * seen by anyone passing the screen (and kept by the OS's notification centre): never an NHS number or a path.
   */
  notify(title: string, body: string, open: () => void): void;
  /** "Add a ZIP…": asks for a .zip file; undefined when the user cancels. */
  chooseZip(): Promise<string | undefined>;
  /** "Locate…": asks where an archived ZIP is now; undefined when the user cancels. The archive checks its hash. */
  chooseLocation(entry: ArchiveEntry): Promise<string | undefined>;
  /** "Save a copy…": asks where to save one document, suggesting `defaultName`; undefined when the user cancels. */
  chooseSaveCopyPath(defaultName: string): Promise<string | undefined>;
  /** "Copy diagnostics": puts the text on the clipboard; false when this platform cannot (the renderer then shows it). */
  copyText(text: string): Promise<boolean>;
  /** The running download's share done on the taskbar or dock icon, 0 to 1; null removes it. */
  showProgress(fraction: number | null): void;
  /** Brings the app's window to the front (a notification's "Open" after a failure). */
  focusWindow(): void;
}

/** Sends an event to the renderer that made the request. */
export type Emit = <C extends EventChannel>(channel: C, event: EventOf<C>) => void;

/** A validated handler: any payload in, a Result out; it never throws. */
export type Handler = (payload: unknown, emit: Emit) => Promise<Result<unknown>>;

export interface HandlerDependencies {
  readonly services: AppServices;
  /** The signed-in person's session; undefined when sign-in is not configured. */
  readonly session?: Session;
  readonly appInfo: () => Promise<AppInfo>;
  readonly settings: SettingsStore;
  readonly platform: Platform;
  /** The local archive index, opened on first use; without it the archive channels answer 'archive-unavailable'. */
  readonly archive?: () => ArchiveIndex;
  /** The largest document sent to the viewer (bytes); the contract's MAX_VIEW_BYTES unless a test says otherwise. */
  readonly archiveViewLimitBytes?: number;
  /** The organisation's policy: the archive answers only while someone is signed in. */
  readonly archiveRequiresSignIn?: boolean;
  /** Where unexpected errors are recorded (masked); nowhere unless given. */
  readonly logger?: Logger;
  /** The managed settings page (main/config/policy-sources/managed-settings-view.ts); also appended to the diagnostics. */
  readonly managedSettings?: () => ManagedSettingsView;
}

type Implementations = {
  readonly [C in RequestChannel]: (payload: PayloadOf<C>, emit: Emit) => Promise<Result<ValueOf<C>>>;
};

const UNEXPECTED: ErrorPayload = {
  code: 'unexpected',
  message: 'Something went wrong that the app did not expect. Try again; if it keeps happening, contact your IT service desk.',
};

/** The handlers for every request channel, each parsing its payload first. */
export function createHandlers(dependencies: HandlerDependencies): Readonly<Record<RequestChannel, Handler>> {
  const implementations = createImplementations(dependencies);
  const logger = dependencies.logger ?? silentLogger();
  const entries = REQUEST_CHANNELS.map((channel) => [channel, validated(channel, implementations, logger)] as const);
  return Object.fromEntries(entries) as Record<RequestChannel, Handler>;
}

function validated(channel: RequestChannel, implementations: Implementations, logger: Logger): Handler {
  return async (payload, emit) => {
    const parsed = REQUESTS[channel].payload.safeParse(payload);
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid-request', message: 'The app sent a request it should not have. Restart the app and try again.' } };
    }
    try {
      const implementation = implementations[channel] as (payload: unknown, emit: Emit) => Promise<Result<unknown>>;
      const result = await implementation(parsed.data, emit);
      // A message may quote an error from a lower layer (an SDK, the OS); no credential in it reaches the renderer.
      return result.ok ? result : { ok: false, error: { ...result.error, message: maskSecrets(result.error.message) } };
    } catch (error) {
      // The user sees a plain message; the log (masked) keeps what IT needs to find the cause.
      logger.error('unexpected-error', { channel, error });
      return { ok: false, error: UNEXPECTED };
    }
  };
}

function createImplementations(dependencies: HandlerDependencies): Implementations {
  const { services, session, appInfo, settings, platform, archive, archiveViewLimitBytes, archiveRequiresSignIn = false, managedSettings } = dependencies;
  const archived: ArchiveService | undefined =
    archive === undefined ? undefined : createArchiveService({ index: archive, desktop: platform, maxViewBytes: archiveViewLimitBytes });
  // By default saved records are the OS user's files and open offline; a policy may keep them for people signed in.
  const archiveClosed = () => archiveRequiresSignIn && session?.view().state !== 'signed-in';
  const withArchive = <T>(use: (service: ArchiveService) => Promise<Result<T>>): Promise<Result<T>> =>
    archived === undefined ? Promise.resolve(ARCHIVE_UNAVAILABLE) : archiveClosed() ? Promise.resolve(ARCHIVE_NEEDS_SIGN_IN) : use(archived);
  const searches = new Map<string, AbortController>();
  const downloads = new Map<string, AbortController>();
  // Only files this app saved in this session may be opened or shown: the renderer never names arbitrary paths.
  const savedFiles = new Set<string>();

  return {
    ...sessionHandlers(session, services),
    ...traceCopyHandlers(services.traceCopies),
    'app:info': async () => ({ ok: true, value: await appInfo() }),
    'app:managed-settings': () => Promise.resolve({ ok: true, value: managedSettings?.() ?? { settings: [], managed: false, problem: null } }),
    'app:diagnostics': async () => {
      const text = withManagedSettings(await services.diagnostics(), managedSettings?.());
      let copied = false;
      try {
        copied = await platform.copyText(text);
      } catch {
        // No clipboard: the renderer shows the text for the user to copy.
      }
      return { ok: true, value: { text, copied } };
    },
    'app:taskbar-progress': ({ fraction }) => {
      // Only while a download runs: a late message after the end must not leave a bar on the taskbar.
      platform.showProgress(downloads.size > 0 ? fraction : null);
      return Promise.resolve({ ok: true, value: null });
    },
    'documents:search': async ({ requestId, nhsNumber }, emit) => {
      for (const running of searches.values()) {
        running.abort();
      }
      const controller = new AbortController();
      searches.set(requestId, controller);
      try {
        return await services.search(nhsNumber, {
          signal: controller.signal,
          onProgress: (progress) => emit('documents:search-progress', { requestId, ...progress }),
        });
      } finally {
        searches.delete(requestId);
      }
    },
    'documents:cancel-search': ({ requestId }) => {
      searches.get(requestId)?.abort();
      return Promise.resolve({ ok: true, value: null });
    },
    'download:start': async ({ requestId, nhsNumber, documentIds, recordPdf }, emit) => {
      const folder = settings.read().saveFolder;
      if (folder === null) {
        return { ok: false, error: { code: 'no-folder', message: 'Choose a folder to save to first.' } };
      }
      if (downloads.size > 0) {
        return { ok: false, error: { code: 'busy', message: 'A download is already running. Wait for it to finish or cancel it first.' } };
      }
      const controller = new AbortController();
      downloads.set(requestId, controller);
      try {
        const result = await services.download({
          nhsNumber,
          documentIds,
          folder,
          recordPdf,
          signal: controller.signal,
          onProgress: (progress) => emit('download:progress', { requestId, progress }),
        });
        if (result.ok) {
          savedFiles.add(result.value.file);
          if (result.value.recordPdf !== undefined && 'file' in result.value.recordPdf) {
            savedFiles.add(result.value.recordPdf.file);
          }
          const saved = result.value.file;
          platform.notify('Patient record saved', 'The ZIP was saved and verified.', () => void platform.openFile(saved));
        } else if (result.error.code !== 'cancelled') {
          // Someone looking elsewhere learns it failed too; the window says why. No patient detail in the words.
          platform.notify('Patient record not saved', 'The download did not finish. Open the app to see why.', () => platform.focusWindow());
        }
        return result;
      } finally {
        downloads.delete(requestId);
        platform.showProgress(null);
      }
    },
    'download:cancel': ({ requestId }) => {
      downloads.get(requestId)?.abort();
      return Promise.resolve({ ok: true, value: null });
    },
    'settings:get': () => Promise.resolve({ ok: true, value: settings.read() }),
    'settings:choose-folder': async () => {
      const current = settings.read();
      if (current.saveFolderLocked) {
        return { ok: false, error: { code: 'locked', message: LOCKED_FOLDER } };
      }
      const chosen = await platform.chooseFolder(current.saveFolder);
      if (chosen !== undefined) {
        settings.setSaveFolder(chosen);
      }
      return { ok: true, value: settings.read() };
    },
    'file:show-in-folder': ({ file }) => {
      if (!savedFiles.has(file)) {
        return Promise.resolve(unknownFile());
      }
      platform.showInFolder(file);
      return Promise.resolve({ ok: true, value: null });
    },
    'file:open': async ({ file }) => {
      if (!savedFiles.has(file)) {
        return unknownFile();
      }
      const problem = await platform.openFile(file);
      return problem === ''
        ? { ok: true, value: null }
        : { ok: false, error: { code: 'open-failed', message: `The file could not be opened: ${problem}. Use "Show in folder" instead.` } };
    },
    // The archive: ids and entry names only; every path comes from the index or from main's own dialogs.
    'archive:list': (filter) => withArchive((service) => service.list(filter)),
    // The long ones (hashing, listing) tell the window how far they have got; 'archive:cancel' stops them.
    'archive:verify': (request, emit) => withArchive((service) => service.verify(request, archiveProgress(emit))),
    'archive:locate': ({ id }, emit) => withArchive((service) => service.locate(id, archiveProgress(emit))),
    'archive:remove': ({ id, deleteFile }) => withArchive((service) => service.remove(id, deleteFile)),
    'archive:open': ({ id }, emit) => withArchive((service) => service.open(id, archiveProgress(emit))),
    'archive:read-entry': ({ id, entryName }) => withArchive((service) => service.readEntry(id, entryName)),
    'archive:save-entry': ({ id, entryName }) => withArchive((service) => service.saveEntry(id, entryName)),
    'archive:add': (_payload, emit) => withArchive((service) => service.add(archiveProgress(emit))),
    'archive:show-in-folder': ({ id }) => withArchive((service) => service.showInFolder(id)),
    'archive:open-file': ({ id }) => withArchive((service) => service.openFile(id)),
    'archive:cancel': () =>
      withArchive((service) => {
        service.cancel();
        return Promise.resolve({ ok: true, value: null });
      }),
  };
}

const LOCKED_FOLDER = 'Your organisation manages this setting. ZIP files are always saved to the folder it set.';

const ARCHIVE_NEEDS_SIGN_IN: Result<never> = {
  ok: false,
  error: { code: 'not-signed-in', message: 'Your organisation keeps saved records for people signed in. Sign in to open the archive.' },
};

const ARCHIVE_UNAVAILABLE: Result<never> = {
  ok: false,
  error: { code: 'archive-unavailable', message: 'The local archive is not available in this window. Restart the app and try again.' },
};

/** At most four archive progress events a second: enough for a bar to move, few enough not to flood the window. */
const ARCHIVE_PROGRESS_INTERVAL_MS = 250;

/**
 * Forwards an archive operation's progress to the window that asked, through the one throttle. A phase's first and
 * last updates always go, so the bar starts at once and the window last hears the finished state.
 */
function archiveProgress(emit: Emit): (progress: ArchiveProgress) => void {
  const throttle = createThrottle(ARCHIVE_PROGRESS_INTERVAL_MS);
  let phase: ArchiveProgress['phase'] | undefined;
  return (progress) => {
    const phaseChanged = progress.phase !== phase;
    phase = progress.phase;
    if (throttle(phaseChanged || progress.doneBytes >= progress.totalBytes)) {
      emit('archive:progress', progress);
    }
  };
}

function unknownFile(): Result<null> {
  return { ok: false, error: { code: 'unknown-file', message: 'That file was not saved by this app in this session.' } };
}
