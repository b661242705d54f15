/**
 * The one contract between main and the renderer: types, plus the channel names as constants.
 *
 * main registers a handler per request channel and validates every payload; the preload (or the web preview's
 * bridge) exposes one function per operation as `window.documentStore`. Expected failures come back as values.
 */
import type {
  ArchiveApi,
  ArchiveDocument,
  ArchiveEntryView,
  ArchiveImport,
  ArchiveListing,
  ArchiveRemoval,
  SavedCopy,
  ZipListing,
} from './archive.js';
import type { DownloadProgress, DownloadSummary } from './download.js';
import type { SearchsetBundle } from './fhir.js';
import type { ErrorPayload, Result } from './result.js';

export type {
  ArchiveApi,
  ArchiveDocument,
  ArchiveEntryView,
  ArchiveImport,
  ArchiveListing,
  ArchiveRemoval,
  DownloadProgress,
  DownloadSummary,
  ErrorPayload,
  Result,
  SavedCopy,
  SearchsetBundle,
  ZipListing,
};

/** Request channels, `domain:verb`. */
export const REQUEST_CHANNELS = {
  appInfo: 'app:info',
  diagnostics: 'app:diagnostics',
  search: 'documents:search',
  cancelSearch: 'documents:cancel-search',
  startDownload: 'download:start',
  cancelDownload: 'download:cancel',
  getSettings: 'settings:get',
  chooseFolder: 'settings:choose-folder',
  showInFolder: 'file:show-in-folder',
  openFile: 'file:open',
  archiveList: 'archive:list',
  archiveVerify: 'archive:verify',
  archiveLocate: 'archive:locate',
  archiveRemove: 'archive:remove',
  archiveOpen: 'archive:open',
  archiveReadEntry: 'archive:read-entry',
  archiveSaveEntry: 'archive:save-entry',
  archiveAdd: 'archive:add',
  archiveShowInFolder: 'archive:show-in-folder',
  archiveOpenFile: 'archive:open-file',
} as const;

/** Event channels main pushes to the renderer. */
export const EVENT_CHANNELS = {
  searchProgress: 'documents:search-progress',
  downloadProgress: 'download:progress',
} as const;

export type RequestChannel = (typeof REQUEST_CHANNELS)[keyof typeof REQUEST_CHANNELS];
export type EventChannel = (typeof EVENT_CHANNELS)[keyof typeof EVENT_CHANNELS];

/** Who and where the app is working, for the environment strip. */
export interface AppInfo {
  readonly environment: string;
  readonly region: string;
  readonly principal: string;
  /** True for the built-in sandbox or any `sandbox` environment: synthetic data only. */
  readonly sandbox: boolean;
  readonly appName: string;
  readonly appVersion: string;
  /** True when an organisation's policy file is in force: the strip says "Managed by your organisation". */
  readonly managed: boolean;
}

/** The user's settings as the UI shows them, with the machine policy applied. */
export interface Settings {
  /** Where ZIPs are saved: the policy's locked folder, else the user's choice, else the policy's default; null when none. */
  readonly saveFolder: string | null;
  /** True when the organisation's policy fixes the folder: the UI shows it as managed and offers no way to change it. */
  readonly saveFolderLocked: boolean;
  /** True when `saveFolder` is the policy's folder (locked, or its default that the user has not replaced). */
  readonly saveFolderFromPolicy: boolean;
}

/** "Copy diagnostics": a text for the IT service desk, with nothing that identifies a patient and no credentials. */
export interface Diagnostics {
  readonly text: string;
  /** True when main put the text on the clipboard; otherwise the renderer copies it or shows it for the user to copy. */
  readonly copied: boolean;
}

export interface SearchRequest {
  /** Chosen by the renderer so progress events and cancel can name the search. */
  readonly requestId: string;
  readonly nhsNumber: string;
}

export interface SearchProgressEvent {
  readonly requestId: string;
  readonly pagesRead: number;
  readonly itemsRead: number;
}

export interface DownloadRequest {
  readonly requestId: string;
  readonly nhsNumber: string;
}

export interface DownloadProgressEvent {
  readonly requestId: string;
  readonly progress: DownloadProgress;
}

/** A file this app saved, named by the path main reported; main refuses any other path. */
export interface SavedFileRequest {
  readonly file: string;
}

/** Archive requests name an entry of the archive index by its id, never by path. */
export interface ArchiveIdRequest {
  readonly id: string;
}

/** One document inside an archived ZIP, by the entry's name inside the ZIP (not a path on disk). */
export interface ArchiveEntryRequest {
  readonly id: string;
  readonly entryName: string;
}

/** Verify one entry, or every entry. */
export type ArchiveVerifyRequest = ArchiveIdRequest | { readonly all: true };

export interface ArchiveRemoveRequest {
  readonly id: string;
  /** Also delete the ZIP file; main does so only while it still hashes as recorded. */
  readonly deleteFile: boolean;
}

/** Request payload and result value per channel. */
export interface RequestMap {
  'app:info': { readonly payload: undefined; readonly value: AppInfo };
  'app:diagnostics': { readonly payload: undefined; readonly value: Diagnostics };
  'documents:search': { readonly payload: SearchRequest; readonly value: SearchsetBundle };
  'documents:cancel-search': { readonly payload: { readonly requestId: string }; readonly value: null };
  'download:start': { readonly payload: DownloadRequest; readonly value: DownloadSummary };
  'download:cancel': { readonly payload: { readonly requestId: string }; readonly value: null };
  'settings:get': { readonly payload: undefined; readonly value: Settings };
  'settings:choose-folder': { readonly payload: undefined; readonly value: Settings };
  'file:show-in-folder': { readonly payload: SavedFileRequest; readonly value: null };
  'file:open': { readonly payload: SavedFileRequest; readonly value: null };
  'archive:list': { readonly payload: { readonly nhsNumber?: string }; readonly value: ArchiveListing };
  'archive:verify': { readonly payload: ArchiveVerifyRequest; readonly value: ReadonlyArray<ArchiveEntryView> };
  'archive:locate': { readonly payload: ArchiveIdRequest; readonly value: ArchiveEntryView | null };
  'archive:remove': { readonly payload: ArchiveRemoveRequest; readonly value: ArchiveRemoval };
  'archive:open': { readonly payload: ArchiveIdRequest; readonly value: ZipListing };
  'archive:read-entry': { readonly payload: ArchiveEntryRequest; readonly value: ArchiveDocument };
  'archive:save-entry': { readonly payload: ArchiveEntryRequest; readonly value: SavedCopy | null };
  'archive:add': { readonly payload: undefined; readonly value: ArchiveImport | null };
  'archive:show-in-folder': { readonly payload: ArchiveIdRequest; readonly value: null };
  'archive:open-file': { readonly payload: ArchiveIdRequest; readonly value: null };
}

/** Event payload per channel. */
export interface EventMap {
  'documents:search-progress': SearchProgressEvent;
  'download:progress': DownloadProgressEvent;
}

/** Stops a subscription. */
export type Unsubscribe = () => void;

/** What the renderer sees as `window.documentStore`: one function per operation, grouped by domain. */
export interface DocumentStoreApi {
  readonly app: {
    info(): Promise<Result<AppInfo>>;
    /** Builds the diagnostics text and copies it to the clipboard where main can. */
    copyDiagnostics(): Promise<Result<Diagnostics>>;
  };
  readonly documents: {
    search(request: SearchRequest): Promise<Result<SearchsetBundle>>;
    cancelSearch(requestId: string): Promise<Result<null>>;
    onSearchProgress(listener: (event: SearchProgressEvent) => void): Unsubscribe;
  };
  readonly download: {
    start(request: DownloadRequest): Promise<Result<DownloadSummary>>;
    cancel(requestId: string): Promise<Result<null>>;
    onProgress(listener: (event: DownloadProgressEvent) => void): Unsubscribe;
  };
  readonly settings: {
    get(): Promise<Result<Settings>>;
    chooseFolder(): Promise<Result<Settings>>;
  };
  readonly files: {
    showInFolder(file: string): Promise<Result<null>>;
    open(file: string): Promise<Result<null>>;
  };
  /** The local archive of saved ZIPs and the offline viewer; works with every AWS endpoint unreachable. */
  readonly archive: ArchiveApi;
}

declare global {
  interface Window {
    /** Exposed by the preload in the app, or by the web preview's bridge. */
    readonly documentStore: DocumentStoreApi;
  }
}
