// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import type { DocumentStoreApi } from '../../../common/contract.js';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn((_channel: string, _payload?: unknown) => Promise.resolve({ ok: true, value: 'reply' })),
    on: vi.fn(),
    removeListener: vi.fn(),
    send: vi.fn(),
  },
}));

vi.mock('electron', () => electron);

// Imported for its side effect, after the mock: the preload runs once, as in a window.
await import('../../../preload/index.js');

function exposedApi(): DocumentStoreApi {
  const call = electron.contextBridge.exposeInMainWorld.mock.calls[0];
  if (call === undefined) {
    throw new Error('nothing was exposed');
  }
  return call[1] as DocumentStoreApi;
}

describe('preload bridge', () => {
  it('exposes one object, as documentStore, once', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect(electron.contextBridge.exposeInMainWorld.mock.calls[0]?.[0]).toBe('documentStore');
  });

  it('exposes exactly the allow-listed domains and operations, all functions', () => {
    const api = exposedApi() as unknown as Record<string, Record<string, unknown>>;
    const shape = Object.fromEntries(Object.entries(api).map(([domain, operations]) => [domain, Object.keys(operations).toSorted()]));
    expect(shape).toEqual({
      app: ['copyDiagnostics', 'info', 'managedSettings', 'setTaskbarProgress'],
      session: ['cancelSignIn', 'chooseRole', 'get', 'onChanged', 'reportActivity', 'signIn', 'signOut'],
      patients: ['lookUp'],
      documents: ['cancelSearch', 'onSearchProgress', 'search'],
      download: ['cancel', 'onProgress', 'start'],
      settings: ['chooseFolder', 'get'],
      files: ['open', 'showInFolder'],
      archive: ['add', 'cancel', 'list', 'locate', 'onProgress', 'open', 'openFile', 'readEntry', 'remove', 'saveEntry', 'showInFolder', 'verify', 'verifyAll'],
      traceCopies: ['list', 'onChanged'],
    });
    for (const operations of Object.values(api)) {
      for (const operation of Object.values(operations)) {
        expect(operation).toBeTypeOf('function');
      }
    }
  });

  it('never exposes ipcRenderer or a generic invoke, send or on', () => {
    const api = exposedApi() as unknown as Record<string, Record<string, unknown>>;
    const values = Object.values(api).flatMap((operations) => [operations, ...Object.values(operations)]);
    expect(values).not.toContain(electron.ipcRenderer);
    expect(values).not.toContain(electron.ipcRenderer.invoke);
    expect(values).not.toContain(electron.ipcRenderer.on);
    const names = Object.values(api).flatMap((operations) => Object.keys(operations));
    expect(names).not.toContain('invoke');
    expect(names).not.toContain('send');
    expect(names).not.toContain('on');
  });

  it.each<[string, (api: DocumentStoreApi) => Promise<unknown>, string, unknown]>([
    ['app.info', (api) => api.app.info(), 'app:info', undefined],
    ['app.copyDiagnostics', (api) => api.app.copyDiagnostics(), 'app:diagnostics', undefined],
    ['app.managedSettings', (api) => api.app.managedSettings(), 'app:managed-settings', undefined],
    ['documents.search', (api) => api.documents.search({ requestId: 'r1', nhsNumber: '9990000018' }), 'documents:search', { requestId: 'r1', nhsNumber: '9990000018' }],
    ['documents.cancelSearch', (api) => api.documents.cancelSearch('r1'), 'documents:cancel-search', { requestId: 'r1' }],
    ['download.start', (api) => api.download.start({ requestId: 'd1', nhsNumber: '9990000018' }), 'download:start', { requestId: 'd1', nhsNumber: '9990000018' }],
    ['download.cancel', (api) => api.download.cancel('d1'), 'download:cancel', { requestId: 'd1' }],
    ['settings.get', (api) => api.settings.get(), 'settings:get', undefined],
    ['settings.chooseFolder', (api) => api.settings.chooseFolder(), 'settings:choose-folder', undefined],
    ['files.showInFolder', (api) => api.files.showInFolder('/z/a.zip'), 'file:show-in-folder', { file: '/z/a.zip' }],
    ['files.open', (api) => api.files.open('/z/a.zip'), 'file:open', { file: '/z/a.zip' }],
    ['traceCopies.list', (api) => api.traceCopies.list(), 'trace-copies:list', undefined],
  ])('%s invokes %s with the payload and returns the reply', async (_name, operation, channel, payload) => {
    electron.ipcRenderer.invoke.mockClear();
    await expect(operation(exposedApi())).resolves.toEqual({ ok: true, value: 'reply' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(channel, payload);
  });

  it.each<[string, (api: DocumentStoreApi, listener: (event: unknown) => void) => () => void, string]>([
    ['documents.onSearchProgress', (api, listener) => api.documents.onSearchProgress(listener), 'documents:search-progress'],
    ['download.onProgress', (api, listener) => api.download.onProgress(listener), 'download:progress'],
    ['traceCopies.onChanged', (api, listener) => api.traceCopies.onChanged(listener), 'trace-copies:changed'],
  ])('%s passes only the payload to the listener, and unsubscribe removes that exact listener', (_name, subscribe, channel) => {
    electron.ipcRenderer.on.mockClear();
    electron.ipcRenderer.removeListener.mockClear();
    const listener = vi.fn();

    const unsubscribe = subscribe(exposedApi(), listener);

    expect(electron.ipcRenderer.on).toHaveBeenCalledOnce();
    const [subscribedChannel, forward] = electron.ipcRenderer.on.mock.calls[0] as unknown as [string, (...args: unknown[]) => void];
    expect(subscribedChannel).toBe(channel);
    expect(forward).not.toBe(listener);

    const ipcEvent = { sender: electron.ipcRenderer, senderId: 0, ports: [] };
    const payload = { requestId: 'r1', pagesRead: 1, itemsRead: 10 };
    forward(ipcEvent, payload, 'extra argument');
    expect(listener).toHaveBeenCalledExactlyOnceWith(payload);

    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledExactlyOnceWith(channel, forward);
  });
});
