/**
 * A fake `window.documentStore` for renderer tests: every call is a vi.fn that answers like main on a good day,
 * and progress events are pushed by the test. Tests change an answer with mockResolvedValue or hold it with pending().
 */
import { act } from '@testing-library/react';
import { vi } from 'vitest';
import type { ArchiveProgress } from '../../../../common/archive.js';
import type { AppInfo, DocumentStoreApi, DownloadProgressEvent, SearchProgressEvent, Settings } from '../../../../common/contract.js';
import type { TraceCopyStatus } from '../../../../common/download.js';
import type { SessionView } from '../../../../common/identity.js';
import type { ErrorPayload, Result } from '../../../../common/result.js';
import { downloadSummary, patientLookup, searchBundle, SIGNED_IN, SIGNED_OUT, zipEntry, zipListing } from './fixtures.js';

export const APP_INFO: AppInfo = {
  environment: 'prod',
  region: 'eu-west-2',
  principal: 'arn:aws:sts::123456789012:assumed-role/DocumentStore/practice.user',
  sandbox: false,
  training: false,
  appName: 'Document Store Desktop',
  appVersion: '0.1.0',
  managed: false,
};

export const SETTINGS: Settings = { saveFolder: '/home/user/Documents/Records', saveFolderLocked: false, saveFolderFromPolicy: false };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function failure(code: ErrorPayload['code'], message: string): Result<never> {
  const error: ErrorPayload = { code, message };
  return { ok: false, error };
}

/** An answer the test settles when it chooses, to look at the state while main is still working. */
export interface Pending<T> {
  readonly promise: Promise<Result<T>>;
  readonly resolve: (result: Result<T>) => Promise<void>;
}

export function pending<T>(): Pending<T> {
  let settle: (result: Result<T>) => void = () => undefined;
  const promise = new Promise<Result<T>>((resolve) => {
    settle = resolve;
  });
  return {
    promise,
    resolve: async (result) => {
      // Inside act, so the renders the answer causes have happened when the test looks.
      await act(async () => {
        settle(result);
        await promise;
      });
    },
  };
}

interface Listeners {
  readonly search: Set<(event: SearchProgressEvent) => void>;
  readonly download: Set<(event: DownloadProgressEvent) => void>;
  readonly session: Set<(session: SessionView) => void>;
  readonly archive: Set<(progress: ArchiveProgress) => void>;
  readonly traceCopies: Set<(status: TraceCopyStatus) => void>;
}

/** Answers as main does for a person signed in who may search and download, and a patient they may see. */
function fakeApi(listeners: Listeners) {
  const resolved = <T,>(value: T) => Promise.resolve(ok(value));
  return {
    app: {
      info: vi.fn<DocumentStoreApi['app']['info']>(() => resolved(APP_INFO)),
      copyDiagnostics: vi.fn<DocumentStoreApi['app']['copyDiagnostics']>(() => resolved({ text: 'Document Store Desktop 0.1.0', copied: true })),
      setTaskbarProgress: vi.fn<DocumentStoreApi['app']['setTaskbarProgress']>(() => resolved(null)),
      managedSettings: vi.fn<DocumentStoreApi['app']['managedSettings']>(() => resolved({ settings: [], managed: false, problem: null })),
    },
    session: {
      get: vi.fn<DocumentStoreApi['session']['get']>(() => resolved<SessionView>(SIGNED_IN)),
      signIn: vi.fn<DocumentStoreApi['session']['signIn']>(() => resolved<SessionView>(SIGNED_IN)),
      cancelSignIn: vi.fn<DocumentStoreApi['session']['cancelSignIn']>(() => resolved(null)),
      chooseRole: vi.fn<DocumentStoreApi['session']['chooseRole']>(() => resolved<SessionView>(SIGNED_IN)),
      signOut: vi.fn<DocumentStoreApi['session']['signOut']>(() => resolved<SessionView>(SIGNED_OUT)),
      reportActivity: vi.fn<DocumentStoreApi['session']['reportActivity']>(() => resolved(null)),
      onChanged: vi.fn<DocumentStoreApi['session']['onChanged']>((listener) => {
        listeners.session.add(listener);
        return () => listeners.session.delete(listener);
      }),
    },
    patients: {
      lookUp: vi.fn<DocumentStoreApi['patients']['lookUp']>(() => resolved(patientLookup())),
    },
    documents: {
      search: vi.fn<DocumentStoreApi['documents']['search']>(() => resolved(searchBundle([]))),
      cancelSearch: vi.fn<DocumentStoreApi['documents']['cancelSearch']>(() => resolved(null)),
      onSearchProgress: vi.fn<DocumentStoreApi['documents']['onSearchProgress']>((listener) => {
        listeners.search.add(listener);
        return () => listeners.search.delete(listener);
      }),
    },
    download: {
      start: vi.fn<DocumentStoreApi['download']['start']>(() => resolved(downloadSummary())),
      cancel: vi.fn<DocumentStoreApi['download']['cancel']>(() => resolved(null)),
      onProgress: vi.fn<DocumentStoreApi['download']['onProgress']>((listener) => {
        listeners.download.add(listener);
        return () => listeners.download.delete(listener);
      }),
    },
    settings: {
      get: vi.fn<DocumentStoreApi['settings']['get']>(() => resolved(SETTINGS)),
      chooseFolder: vi.fn<DocumentStoreApi['settings']['chooseFolder']>(() => resolved(SETTINGS)),
    },
    files: {
      showInFolder: vi.fn<DocumentStoreApi['files']['showInFolder']>(() => resolved(null)),
      open: vi.fn<DocumentStoreApi['files']['open']>(() => resolved(null)),
    },
    archive: {
      list: vi.fn<DocumentStoreApi['archive']['list']>(() => resolved({ entries: [], recovered: null })),
      verify: vi.fn<DocumentStoreApi['archive']['verify']>(() => resolved([])),
      verifyAll: vi.fn<DocumentStoreApi['archive']['verifyAll']>(() => resolved([])),
      open: vi.fn<DocumentStoreApi['archive']['open']>(() => resolved(zipListing([zipEntry()]))),
      readEntry: vi.fn<DocumentStoreApi['archive']['readEntry']>((_id, entryName) =>
        resolved({ name: entryName, contentType: 'text/plain', sha256: 'c'.repeat(64), size: 5, base64: btoa('notes') }),
      ),
      saveEntry: vi.fn<DocumentStoreApi['archive']['saveEntry']>(() => resolved(null)),
      locate: vi.fn<DocumentStoreApi['archive']['locate']>(() => resolved(null)),
      add: vi.fn<DocumentStoreApi['archive']['add']>(() => resolved(null)),
      remove: vi.fn<DocumentStoreApi['archive']['remove']>((_id, { deleteFile }) => resolved({ file: '/home/user/Documents/Records/9434765919.zip', fileDeleted: deleteFile })),
      showInFolder: vi.fn<DocumentStoreApi['archive']['showInFolder']>(() => resolved(null)),
      openFile: vi.fn<DocumentStoreApi['archive']['openFile']>(() => resolved(null)),
      cancel: vi.fn<DocumentStoreApi['archive']['cancel']>(() => resolved(null)),
      onProgress: vi.fn<DocumentStoreApi['archive']['onProgress']>((listener) => {
        listeners.archive.add(listener);
        return () => listeners.archive.delete(listener);
      }),
    },
    traceCopies: {
      list: vi.fn<DocumentStoreApi['traceCopies']['list']>(() => resolved<ReadonlyArray<TraceCopyStatus>>([])),
      onChanged: vi.fn<DocumentStoreApi['traceCopies']['onChanged']>((listener) => {
        listeners.traceCopies.add(listener);
        return () => listeners.traceCopies.delete(listener);
      }),
    },
  } satisfies DocumentStoreApi;
}

export type FakeApi = ReturnType<typeof fakeApi>;

export interface FakeDocumentStore {
  readonly api: FakeApi;
  /** Pushes a search progress event, as main does while it reads pages. */
  readonly emitSearchProgress: (event: SearchProgressEvent) => void;
  readonly emitDownloadProgress: (event: DownloadProgressEvent) => void;
  /** Pushes a session change, as main does on an idle sign-out, an expiry or the browser sign-in opening. */
  readonly emitSessionChanged: (session: SessionView) => void;
  /** Pushes the archive's progress, as main does while it hashes or lists a ZIP. */
  readonly emitArchiveProgress: (progress: ArchiveProgress) => void;
  /** Pushes a change of a background copy to the document store, as main does while it uploads, retries or ends. */
  readonly emitTraceCopyChanged: (status: TraceCopyStatus) => void;
}

/** Puts a fresh fake on `window.documentStore` (support/setup.tsx takes it away after the test). */
export function installFakeDocumentStore(): FakeDocumentStore {
  const listeners: Listeners = { search: new Set(), download: new Set(), session: new Set(), archive: new Set(), traceCopies: new Set() };
  const api = fakeApi(listeners);
  Object.defineProperty(window, 'documentStore', { value: api, configurable: true });
  return {
    api,
    emitSearchProgress: (event) => {
      act(() => {
        listeners.search.forEach((listener) => listener(event));
      });
    },
    emitDownloadProgress: (event) => {
      act(() => {
        listeners.download.forEach((listener) => listener(event));
      });
    },
    emitArchiveProgress: (progress) => {
      act(() => {
        listeners.archive.forEach((listener) => listener(progress));
      });
    },
    emitSessionChanged: (session) => {
      act(() => {
        listeners.session.forEach((listener) => listener(session));
      });
    },
    emitTraceCopyChanged: (status) => {
      act(() => {
        listeners.traceCopies.forEach((listener) => listener(status));
      });
    },
  };
}
