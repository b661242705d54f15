import type { EventChannel, EventOf, PayloadOf, RequestChannel, ValueOf } from '../common/channels.js';
import type { DocumentStoreApi, Unsubscribe } from '../common/contract.js';
import type { Result } from '../common/result.js';

/** Builds the API from two transport functions; the preload and the web preview bridge differ only in those. */
export function createDocumentStoreApi(transport: {
  readonly invoke: <C extends RequestChannel>(channel: C, payload: PayloadOf<C>) => Promise<Result<ValueOf<C>>>;
  readonly subscribe: <C extends EventChannel>(channel: C, listener: (event: EventOf<C>) => void) => Unsubscribe;
}): DocumentStoreApi {
  const { invoke, subscribe } = transport;
  return {
    app: {
      info: () => invoke('app:info', undefined),
      copyDiagnostics: () => invoke('app:diagnostics', undefined),
      managedSettings: () => invoke('app:managed-settings', undefined),
      setTaskbarProgress: (fraction) => invoke('app:taskbar-progress', { fraction }),
    },
    session: {
      get: () => invoke('session:get', undefined),
      signIn: () => invoke('session:sign-in', undefined),
      cancelSignIn: () => invoke('session:cancel-sign-in', undefined),
      chooseRole: (personRoleId) => invoke('session:choose-role', { personRoleId }),
      signOut: () => invoke('session:sign-out', undefined),
      reportActivity: () => invoke('session:activity', undefined),
      onChanged: (listener) => subscribe('session:changed', listener),
    },
    patients: {
      lookUp: (nhsNumber) => invoke('patients:look-up', { nhsNumber }),
    },
    documents: {
      search: (request) => invoke('documents:search', request),
      cancelSearch: (requestId) => invoke('documents:cancel-search', { requestId }),
      onSearchProgress: (listener) => subscribe('documents:search-progress', listener),
    },
    download: {
      start: (request) => invoke('download:start', request),
      cancel: (requestId) => invoke('download:cancel', { requestId }),
      onProgress: (listener) => subscribe('download:progress', listener),
    },
    settings: {
      get: () => invoke('settings:get', undefined),
      chooseFolder: () => invoke('settings:choose-folder', undefined),
    },
    files: {
      showInFolder: (file) => invoke('file:show-in-folder', { file }),
      open: (file) => invoke('file:open', { file }),
    },
    archive: {
      list: (filter) => invoke('archive:list', filter?.nhsNumber === undefined ? {} : { nhsNumber: filter.nhsNumber }),
      verify: (id) => invoke('archive:verify', { id }),
      verifyAll: () => invoke('archive:verify', { all: true }),
      open: (id) => invoke('archive:open', { id }),
      readEntry: (id, entryName) => invoke('archive:read-entry', { id, entryName }),
      saveEntry: (id, entryName) => invoke('archive:save-entry', { id, entryName }),
      locate: (id) => invoke('archive:locate', { id }),
      add: () => invoke('archive:add', undefined),
      remove: (id, { deleteFile }) => invoke('archive:remove', { id, deleteFile }),
      showInFolder: (id) => invoke('archive:show-in-folder', { id }),
      openFile: (id) => invoke('archive:open-file', { id }),
      cancel: () => invoke('archive:cancel', undefined),
      onProgress: (listener) => subscribe('archive:progress', listener),
    },
    traceCopies: {
      list: () => invoke('trace-copies:list', undefined),
      onChanged: (listener) => subscribe('trace-copies:changed', listener),
    },
  };
}
