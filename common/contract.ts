/**
 * What the renderer sees of main: `window.documentStore` (one function per operation) and the values it returns.
 *
 * The channels behind it, their payload schemas and result types are in the one table, ./channels.ts. The preload
 * (or the web preview's bridge) builds this API from that table; expected failures come back as values.
 */
import type { ArchiveApi } from './archive.js';
import type { PayloadOf } from './channels.js';
import type { DownloadProgress, DownloadSummary, TraceCopyStatus } from './download.js';
import type { SearchsetBundle } from './fhir.js';
import type { SessionView } from './identity.js';
import type { ManagedSettingsView } from './managed-settings.js';
import type { PatientLookup } from './patient.js';
import type { Result } from './result.js';

/** The most documents one download may name: more than a practice chooses by hand, few enough for one request. */
export const MAX_CHOSEN_DOCUMENTS = 5_000;
/** The longest document id a download may name; the store's ids are UUIDs. */
export const MAX_DOCUMENT_ID_LENGTH = 128;

/** Who and where the app is working, for the environment strip. */
export interface AppInfo {
  readonly environment: string;
  readonly region: string;
  readonly principal: string;
  /** True for the built-in sandbox or any `sandbox` environment: synthetic data only. */
  readonly sandbox: boolean;
  /** True for the training build, which runs only on its built-in sandbox. */
  readonly training: boolean;
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

export interface SearchProgressEvent {
  readonly requestId: string;
  readonly pagesRead: number;
  readonly itemsRead: number;
}

export interface DownloadProgressEvent {
  readonly requestId: string;
  readonly progress: DownloadProgress;
}

/** Stops a subscription. */
export type Unsubscribe = () => void;

/** What the renderer sees as `window.documentStore`: one function per operation, grouped by domain. */
export interface DocumentStoreApi {
  readonly app: {
    info(): Promise<Result<AppInfo>>;
    /** Builds the diagnostics text and copies it to the clipboard where main can. */
    copyDiagnostics(): Promise<Result<Diagnostics>>;
    /** Each setting with its value, its source and any error for it, for the "Managed settings" page. */
    managedSettings(): Promise<Result<ManagedSettingsView>>;
    /** Shows the running download's share done on the taskbar or dock icon; null clears it. */
    setTaskbarProgress(fraction: number | null): Promise<Result<null>>;
  };
  /** Sign-in with NHS Care Identity, the role acted in, sign-out; main holds every token. */
  readonly session: {
    get(): Promise<Result<SessionView>>;
    signIn(): Promise<Result<SessionView>>;
    cancelSignIn(): Promise<Result<null>>;
    chooseRole(personRoleId: string): Promise<Result<SessionView>>;
    signOut(): Promise<Result<SessionView>>;
    reportActivity(): Promise<Result<null>>;
    onChanged(listener: (session: SessionView) => void): Unsubscribe;
  };
  readonly patients: {
    /** PDS's details of the patient and what the signed-in person may do with their record. */
    lookUp(nhsNumber: string): Promise<Result<PatientLookup>>;
  };
  readonly documents: {
    search(request: PayloadOf<'documents:search'>): Promise<Result<SearchsetBundle>>;
    cancelSearch(requestId: string): Promise<Result<null>>;
    onSearchProgress(listener: (event: SearchProgressEvent) => void): Unsubscribe;
  };
  readonly download: {
    /** Saves every document that can be downloaded, or, with `documentIds`, only those of them the user chose. */
    start(request: PayloadOf<'download:start'>): Promise<Result<DownloadSummary>>;
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
  /** The saved ZIPs' copies to the document store that go on after "Saved" (single pass): where each stands. */
  readonly traceCopies: {
    list(): Promise<Result<ReadonlyArray<TraceCopyStatus>>>;
    onChanged(listener: (status: TraceCopyStatus) => void): Unsubscribe;
  };
}

declare global {
  interface Window {
    /** Exposed by the preload in the app, or by the web preview's bridge. */
    readonly documentStore: DocumentStoreApi;
  }
}
