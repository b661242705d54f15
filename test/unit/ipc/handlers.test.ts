// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import type { RequestChannel } from '../../../common/channels.js';
import type { SearchsetBundle } from '../../../common/fhir.js';
import { createHandlers } from '../../../main/ipc/handlers.js';
import { silentLogger } from '../../../main/logging/logger.js';
import type { PolicySaveFolder } from '../../../main/config/policy.js';
import { createSettings } from '../../../main/settings/settings-store.js';
import type { DownloadResult } from '../../../main/download/download-job.js';
import type { AppServices } from '../../../main/services.js';
import { downloadSummary } from '../../support/download-summary.js';
import { APP_INFO, fakePlatform, fakeServices } from '../../support/ipc-fakes.js';

const BUNDLE: SearchsetBundle = { resourceType: 'Bundle', type: 'searchset', timestamp: '2026-01-01T00:00:00.000Z', total: 0 };
const SAVED_FILE = '/home/user/Documents/ZIPs/9990000018.zip';

const summary = () => downloadSummary({ file: SAVED_FILE });

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

function setUp(options: { readonly saveFolder?: string | null; readonly chosenFolder?: string; readonly policyFolder?: PolicySaveFolder } = {}) {
  const services = fakeServices({
    search: () => Promise.resolve({ ok: true, value: BUNDLE }),
    download: () => Promise.resolve({ ok: true, value: summary() }),
  });
  const saveFolder = options.saveFolder === undefined ? '/home/user/Documents/ZIPs' : options.saveFolder;
  const stored = new Map<string, unknown>(saveFolder === null ? [] : [['saveFolder', saveFolder]]);
  const settings = createSettings(stored, options.policyFolder === undefined ? undefined : { saveFolder: options.policyFolder });
  const setSaveFolder = vi.spyOn(settings, 'setSaveFolder');
  const platform = fakePlatform({ chosenFolder: options.chosenFolder });
  const handlers = createHandlers({ services, settings, platform, appInfo: () => Promise.resolve(APP_INFO) });
  const emit = vi.fn<(channel: string, event: unknown) => void>();
  const call = (channel: RequestChannel, payload?: unknown) => handlers[channel](payload, emit);
  return { services, settings, setSaveFolder, stored, platform, call, emit };
}

describe('createHandlers: payload validation', () => {
  it.each<[RequestChannel, unknown]>([
    ['documents:search', { requestId: 'r1', nhsNumber: '9990000018', extra: true }],
    ['documents:search', { requestId: 'r1', nhsNumber: 9990000018 }],
    ['documents:search', { requestId: 'r1' }],
    ['documents:search', { requestId: '', nhsNumber: '9990000018' }],
    ['documents:search', 'r1'],
    ['documents:search', null],
    ['documents:search', undefined],
    ['documents:search', ['r1', '9990000018']],
  ])('refuses %s with %j and never calls search', async (channel, payload) => {
    const { call, services } = setUp();
    expect(await call(channel, payload)).toEqual({ ok: false, error: { code: 'invalid-request', message: expect.any(String) } });
    expect(services.search).not.toHaveBeenCalled();
  });

  it.each<unknown>([
    { requestId: 'r1', nhsNumber: '9990000018', folder: '/tmp/elsewhere' },
    { requestId: 'r1', nhsNumber: null },
    { nhsNumber: '9990000018' },
    { requestId: 'x'.repeat(101), nhsNumber: '9990000018' },
    { requestId: 'r1', nhsNumber: '9990000018', documentIds: [] },
    { requestId: 'r1', nhsNumber: '9990000018', documentIds: ['d1', 'd1'] },
    { requestId: 'r1', nhsNumber: '9990000018', documentIds: [''] },
    { requestId: 'r1', nhsNumber: '9990000018', documentIds: ['x'.repeat(129)] },
    { requestId: 'r1', nhsNumber: '9990000018', documentIds: Array.from({ length: 5_001 }, (_, index) => `d${index}`) },
    { requestId: 'r1', nhsNumber: '9990000018', documentIds: 'd1' },
    { requestId: 'r1', nhsNumber: '9990000018', documentIds: [1] },
    undefined,
  ])('refuses download:start with %j and never calls download', async (payload) => {
    const { call, services } = setUp();
    expect(await call('download:start', payload)).toEqual({ ok: false, error: { code: 'invalid-request', message: expect.any(String) } });
    expect(services.download).not.toHaveBeenCalled();
  });

  it.each<[RequestChannel, unknown]>([
    ['file:open', { file: SAVED_FILE, extra: 1 }],
    ['file:open', { file: 42 }],
    ['file:open', {}],
    ['file:show-in-folder', { file: '' }],
    ['file:show-in-folder', SAVED_FILE],
  ])('refuses %s with %j and never touches the platform', async (channel, payload) => {
    const { call, platform } = setUp();
    expect(await call(channel, payload)).toEqual({ ok: false, error: { code: 'invalid-request', message: expect.any(String) } });
    expect(platform.openFile).not.toHaveBeenCalled();
    expect(platform.showInFolder).not.toHaveBeenCalled();
  });

  it.each<RequestChannel>(['app:info', 'settings:get', 'settings:choose-folder'])('refuses a payload on %s, which takes none', async (channel) => {
    const { call, platform } = setUp();
    expect(await call(channel, { unexpected: true })).toEqual({ ok: false, error: { code: 'invalid-request', message: expect.any(String) } });
    expect(platform.chooseFolder).not.toHaveBeenCalled();
  });

  it.each<RequestChannel>(['documents:cancel-search', 'download:cancel'])('refuses %s without a request id', async (channel) => {
    const { call } = setUp();
    expect(await call(channel, {})).toEqual({ ok: false, error: { code: 'invalid-request', message: expect.any(String) } });
  });
});

describe('createHandlers: search', () => {
  it('passes the NHS number on and emits progress with the request id', async () => {
    const { call, services, emit } = setUp();
    services.search.mockImplementation((_nhsNumber, options) => {
      options?.onProgress?.({ pagesRead: 1, itemsRead: 100 });
      options?.onProgress?.({ pagesRead: 2, itemsRead: 150 });
      return Promise.resolve({ ok: true, value: BUNDLE });
    });

    expect(await call('documents:search', { requestId: 'search-7', nhsNumber: '999 000 0018' })).toEqual({ ok: true, value: BUNDLE });

    expect(services.search).toHaveBeenCalledWith('999 000 0018', expect.objectContaining({ signal: expect.any(AbortSignal) }));
    expect(emit.mock.calls).toEqual([
      ['documents:search-progress', { requestId: 'search-7', pagesRead: 1, itemsRead: 100 }],
      ['documents:search-progress', { requestId: 'search-7', pagesRead: 2, itemsRead: 150 }],
    ]);
  });

  it('cancel-search aborts the signal the running search received', async () => {
    const { call, services } = setUp();
    const pending = deferred<Awaited<ReturnType<AppServices['search']>>>();
    services.search.mockImplementation(() => pending.promise);

    const running = call('documents:search', { requestId: 's1', nhsNumber: '9990000018' });
    const signal = services.search.mock.calls[0]?.[1]?.signal;
    expect(signal?.aborted).toBe(false);
    expect(await call('documents:cancel-search', { requestId: 's1' })).toEqual({ ok: true, value: null });
    expect(signal?.aborted).toBe(true);

    pending.resolve({ ok: false, error: { code: 'unexpected', message: 'cancelled' } });
    await running;
  });
});

describe('createHandlers: download', () => {
  it('refuses to start without a save folder', async () => {
    const { call, services } = setUp({ saveFolder: null });
    expect(await call('download:start', { requestId: 'd1', nhsNumber: '9990000018' })).toEqual({
      ok: false,
      error: { code: 'no-folder', message: expect.any(String) },
    });
    expect(services.download).not.toHaveBeenCalled();
  });

  it('saves to the folder from the settings, not one the renderer names', async () => {
    const { call, services } = setUp({ saveFolder: '/srv/zips' });
    await call('download:start', { requestId: 'd1', nhsNumber: '9990000018' });
    expect(services.download).toHaveBeenCalledWith(expect.objectContaining({ nhsNumber: '9990000018', folder: '/srv/zips' }));
  });

  it('passes the chosen documents on, and none when the renderer chose none', async () => {
    const { call, services } = setUp();
    const chosen = Array.from({ length: 5_000 }, (_, index) => `document-${index}`.padEnd(128, 'x'));
    await call('download:start', { requestId: 'd1', nhsNumber: '9990000018', documentIds: chosen });
    await call('download:start', { requestId: 'd2', nhsNumber: '9990000018' });
    expect(services.download.mock.calls.map(([request]) => request.documentIds)).toEqual([chosen, undefined]);
  });

  it('answers busy to a second download while one runs, and accepts one after it finished', async () => {
    const { call, services } = setUp();
    const pending = deferred<DownloadResult>();
    services.download.mockImplementationOnce(() => pending.promise);

    const first = call('download:start', { requestId: 'd1', nhsNumber: '9990000018' });
    expect(await call('download:start', { requestId: 'd2', nhsNumber: '9990000026' })).toEqual({
      ok: false,
      error: { code: 'busy', message: expect.any(String) },
    });
    expect(services.download).toHaveBeenCalledTimes(1);

    pending.resolve({ ok: true, value: summary() });
    expect(await first).toEqual({ ok: true, value: summary() });
    expect(await call('download:start', { requestId: 'd3', nhsNumber: '9990000026' })).toMatchObject({ ok: true });
  });

  it('cancel aborts the signal the download received', async () => {
    const { call, services } = setUp();
    const pending = deferred<DownloadResult>();
    services.download.mockImplementationOnce(() => pending.promise);

    const running = call('download:start', { requestId: 'd1', nhsNumber: '9990000018' });
    const signal = services.download.mock.calls[0]?.[0].signal;
    expect(signal?.aborted).toBe(false);

    expect(await call('download:cancel', { requestId: 'other' })).toEqual({ ok: true, value: null });
    expect(signal?.aborted).toBe(false);
    expect(await call('download:cancel', { requestId: 'd1' })).toEqual({ ok: true, value: null });
    expect(signal?.aborted).toBe(true);

    pending.resolve({ ok: false, error: { code: 'cancelled', message: 'Cancelled.' } });
    expect(await running).toEqual({ ok: false, error: { code: 'cancelled', message: 'Cancelled.' } });
  });

  it('emits download progress with the request id', async () => {
    const { call, services, emit } = setUp();
    const progress = { phase: 'zipping', documentsDone: 1, documentsFailed: 0, documentsTotal: 3, bytesDone: 10 } as const;
    services.download.mockImplementationOnce((request) => {
      request.onProgress?.(progress);
      return Promise.resolve({ ok: true, value: summary() });
    });
    await call('download:start', { requestId: 'd9', nhsNumber: '9990000018' });
    expect(emit).toHaveBeenCalledWith('download:progress', { requestId: 'd9', progress });
  });

  it('notifies "Patient record saved" with no NHS number or path, and its Open action opens the saved ZIP', async () => {
    const { call, platform } = setUp();
    await call('download:start', { requestId: 'd1', nhsNumber: '9990000018' });

    expect(platform.notify).toHaveBeenCalledOnce();
    const [title, body, open] = platform.notify.mock.calls[0] ?? [];
    expect(title).toBe('Patient record saved');
    for (const words of [title, body]) {
      expect(words).not.toMatch(/999\s*000\s*0018|[\\/]|ZIPs|\.zip\b/);
    }
    open?.();
    expect(platform.openFile).toHaveBeenCalledExactlyOnceWith(SAVED_FILE);
  });

  it('notifies a failure too, without patient details, its Open bringing the window forward; a cancel is not news', async () => {
    const { call, services, platform } = setUp();
    services.download.mockResolvedValueOnce({ ok: false, error: { code: 'unreachable', message: 'The connection stopped responding.' } });
    await call('download:start', { requestId: 'd1', nhsNumber: '9990000018' });

    expect(platform.notify).toHaveBeenCalledOnce();
    const [title, body, open] = platform.notify.mock.calls[0] ?? [];
    expect(title).toBe('Patient record not saved');
    expect(`${title ?? ''} ${body ?? ''}`).not.toMatch(/999\s*000\s*0018|[\\/]/);
    open?.();
    expect(platform.focusWindow).toHaveBeenCalledOnce();

    services.download.mockResolvedValueOnce({ ok: false, error: { code: 'cancelled', message: 'Cancelled.' } });
    await call('download:start', { requestId: 'd2', nhsNumber: '9990000018' });
    expect(platform.notify).toHaveBeenCalledOnce();
  });

  it('shows the taskbar progress the window sends only while a download runs, and clears it when the download ends', async () => {
    const { call, services, platform } = setUp();
    expect(await call('app:taskbar-progress', { fraction: 0.5 })).toEqual({ ok: true, value: null });
    expect(platform.showProgress).toHaveBeenLastCalledWith(null);

    const pending = deferred<DownloadResult>();
    services.download.mockReturnValueOnce(pending.promise);
    const running = call('download:start', { requestId: 'd1', nhsNumber: '9990000018' });
    await call('app:taskbar-progress', { fraction: 0.42 });
    expect(platform.showProgress).toHaveBeenLastCalledWith(0.42);

    pending.resolve({ ok: true, value: summary() });
    await running;
    expect(platform.showProgress).toHaveBeenLastCalledWith(null);
    expect(await call('app:taskbar-progress', { fraction: 2 })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('masks credentials in a failure message for the window', async () => {
    const { call, services } = setUp();
    services.download.mockResolvedValueOnce({
      ok: false,
      error: { code: 'unreachable', message: 'The proxy http://svc:hunter2-Pa55@proxy.example:8080 refused key AKIAIOSFODNN7EXAMPLE.' },
    });
    expect(await call('download:start', { requestId: 'd1', nhsNumber: '9990000018' })).toEqual({
      ok: false,
      error: { code: 'unreachable', message: 'The proxy http://svc:***@proxy.example:8080 refused key AKIA***.' },
    });
  });

  it('turns a service that throws into an unexpected error with no stack or internal message', async () => {
    const { call, services } = setUp();
    services.download.mockRejectedValueOnce(new Error('ECONNRESET at Socket.internal (/app/node_modules/x.js:1:2)'));

    const result = await call('download:start', { requestId: 'd1', nhsNumber: '9990000018' });

    expect(result).toEqual({ ok: false, error: { code: 'unexpected', message: expect.any(String) } });
    const text = JSON.stringify(result);
    expect(text).not.toContain('ECONNRESET');
    expect(text).not.toMatch(/\bat \S+ \(|node_modules|\.js:\d+/);
    // The failed job no longer counts as running.
    expect(await call('download:start', { requestId: 'd2', nhsNumber: '9990000018' })).toMatchObject({ ok: true });
  });

  it('turns a search that throws into an unexpected error too', async () => {
    const { call, services } = setUp();
    services.search.mockRejectedValueOnce(new TypeError('Cannot read properties of undefined'));
    expect(await call('documents:search', { requestId: 's1', nhsNumber: '9990000018' })).toEqual({
      ok: false,
      error: { code: 'unexpected', message: expect.not.stringContaining('Cannot read') },
    });
  });
});

describe('createHandlers: saved files', () => {
  it.each<RequestChannel>(['file:open', 'file:show-in-folder'])('%s refuses a path no download returned', async (channel) => {
    const { call, platform } = setUp();
    expect(await call(channel, { file: '/etc/passwd' })).toEqual({ ok: false, error: { code: 'unknown-file', message: expect.any(String) } });
    expect(platform.openFile).not.toHaveBeenCalled();
    expect(platform.showInFolder).not.toHaveBeenCalled();
  });

  it('opens and shows the file a download saved', async () => {
    const { call, platform } = setUp();
    await call('download:start', { requestId: 'd1', nhsNumber: '9990000018' });

    expect(await call('file:open', { file: SAVED_FILE })).toEqual({ ok: true, value: null });
    expect(platform.openFile).toHaveBeenCalledExactlyOnceWith(SAVED_FILE);
    expect(await call('file:show-in-folder', { file: SAVED_FILE })).toEqual({ ok: true, value: null });
    expect(platform.showInFolder).toHaveBeenCalledExactlyOnceWith(SAVED_FILE);
  });

  it('does not accept a file from a failed download, nor a sibling of a saved one', async () => {
    const { call, services, platform } = setUp();
    services.download.mockResolvedValueOnce({ ok: false, error: { code: 'disk-full', message: 'The disk is full.' } });
    await call('download:start', { requestId: 'd1', nhsNumber: '9990000018' });
    expect(await call('file:open', { file: SAVED_FILE })).toMatchObject({ ok: false, error: { code: 'unknown-file' } });

    await call('download:start', { requestId: 'd2', nhsNumber: '9990000018' });
    expect(await call('file:open', { file: `${SAVED_FILE}/../other.zip` })).toMatchObject({ ok: false, error: { code: 'unknown-file' } });
    expect(platform.openFile).not.toHaveBeenCalled();
  });

  it('reports a file the OS could not open', async () => {
    const { call, platform } = setUp();
    platform.openFile.mockResolvedValueOnce('No application is associated with this file');
    await call('download:start', { requestId: 'd1', nhsNumber: '9990000018' });
    expect(await call('file:open', { file: SAVED_FILE })).toEqual({ ok: false, error: { code: 'open-failed', message: expect.stringContaining('No application') } });
  });
});

const USER = { saveFolderLocked: false, saveFolderFromPolicy: false } as const;

describe('createHandlers: settings', () => {
  it('stores the folder the user chose', async () => {
    const { call, setSaveFolder, platform } = setUp({ saveFolder: '/old', chosenFolder: '/new' });
    expect(await call('settings:choose-folder')).toEqual({ ok: true, value: { saveFolder: '/new', ...USER } });
    expect(platform.chooseFolder).toHaveBeenCalledWith('/old');
    expect(setSaveFolder).toHaveBeenCalledExactlyOnceWith('/new');
  });

  it('keeps the old folder when the user cancels', async () => {
    const { call, setSaveFolder } = setUp({ saveFolder: '/old' });
    expect(await call('settings:choose-folder')).toEqual({ ok: true, value: { saveFolder: '/old', ...USER } });
    expect(setSaveFolder).not.toHaveBeenCalled();
  });

  it('reads the settings and the app info', async () => {
    const { call } = setUp({ saveFolder: null });
    expect(await call('settings:get')).toEqual({ ok: true, value: { saveFolder: null, ...USER } });
    expect(await call('app:info')).toEqual({ ok: true, value: APP_INFO });
  });
});

describe('createHandlers: a save folder the policy locks', () => {
  const LOCKED: PolicySaveFolder = { path: '/srv/records', locked: true };

  it('reports the policy folder as locked, whatever the user chose before', async () => {
    const { call } = setUp({ saveFolder: '/home/user/old', policyFolder: LOCKED });
    expect(await call('settings:get')).toEqual({ ok: true, value: { saveFolder: '/srv/records', saveFolderLocked: true, saveFolderFromPolicy: true } });
  });

  it('refuses to change it: no dialog, nothing stored, a message saying the organisation manages it', async () => {
    const { call, settings, setSaveFolder, stored, platform } = setUp({ saveFolder: '/home/user/old', chosenFolder: '/elsewhere', policyFolder: LOCKED });
    expect(await call('settings:choose-folder')).toEqual({
      ok: false,
      error: { code: 'locked', message: expect.stringContaining('Your organisation manages this setting.') },
    });
    expect(platform.chooseFolder).not.toHaveBeenCalled();
    expect(setSaveFolder).not.toHaveBeenCalled();
    expect(stored.get('saveFolder')).toBe('/home/user/old');
    expect(settings.read().saveFolder).toBe('/srv/records');
  });

  it('downloads into the policy folder only', async () => {
    const { call, services } = setUp({ saveFolder: '/home/user/old', policyFolder: LOCKED });
    await call('download:start', { requestId: 'd1', nhsNumber: '9990000018' });
    expect(services.download).toHaveBeenCalledWith(expect.objectContaining({ folder: '/srv/records' }));
  });
});

describe('createHandlers: a policy default folder (not locked)', () => {
  const DEFAULT: PolicySaveFolder = { path: '/srv/records', locked: false };

  it('uses the default until the user picks another, then the user\'s choice', async () => {
    const { call, services } = setUp({ saveFolder: null, chosenFolder: '/home/user/mine', policyFolder: DEFAULT });
    expect(await call('settings:get')).toEqual({ ok: true, value: { saveFolder: '/srv/records', saveFolderLocked: false, saveFolderFromPolicy: true } });
    await call('download:start', { requestId: 'd1', nhsNumber: '9990000018' });
    expect(services.download).toHaveBeenLastCalledWith(expect.objectContaining({ folder: '/srv/records' }));

    expect(await call('settings:choose-folder')).toEqual({ ok: true, value: { saveFolder: '/home/user/mine', ...USER } });
    await call('download:start', { requestId: 'd2', nhsNumber: '9990000018' });
    expect(services.download).toHaveBeenLastCalledWith(expect.objectContaining({ folder: '/home/user/mine' }));
  });
});

describe('createHandlers: diagnostics', () => {
  it('copies the text with the platform and returns it', async () => {
    const { call, platform, services } = setUp();
    services.diagnostics.mockResolvedValueOnce('diagnostics text');
    expect(await call('app:diagnostics')).toEqual({ ok: true, value: { text: 'diagnostics text', copied: true } });
    expect(platform.copyText).toHaveBeenCalledExactlyOnceWith('diagnostics text');
  });

  it('returns the text uncopied when the platform has no clipboard, or its clipboard fails', async () => {
    const { call, platform } = setUp();
    platform.copyText.mockResolvedValueOnce(false);
    expect(await call('app:diagnostics')).toMatchObject({ ok: true, value: { copied: false } });
    platform.copyText.mockRejectedValueOnce(new Error('no clipboard'));
    expect(await call('app:diagnostics')).toMatchObject({ ok: true, value: { text: expect.any(String), copied: false } });
  });

  it('refuses a payload', async () => {
    const { call, platform } = setUp();
    expect(await call('app:diagnostics', { all: true })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(platform.copyText).not.toHaveBeenCalled();
  });
});

describe('createHandlers: unexpected errors', () => {
  it('logs them (masked by the logger) and answers with a plain message', async () => {
    const { services } = setUp();
    const logger = { ...silentLogger(), error: vi.fn() };
    const handlers = createHandlers({ services, settings: createSettings(new Map()), platform: setUp().platform, appInfo: () => Promise.resolve(APP_INFO), logger });
    const failure = new Error('boom');
    services.search.mockRejectedValueOnce(failure);
    expect(await handlers['documents:search']({ requestId: 's1', nhsNumber: '9990000018' }, vi.fn())).toMatchObject({ ok: false, error: { code: 'unexpected' } });
    expect(logger.error).toHaveBeenCalledExactlyOnceWith('unexpected-error', { channel: 'documents:search', error: failure });
  });
});
