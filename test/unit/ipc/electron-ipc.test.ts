// @vitest-environment node
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { REQUEST_CHANNELS, type RequestChannel } from '../../../common/channels.js';
import { registerIpcHandlers } from '../../../main/ipc/electron-ipc.js';
import type { Handler } from '../../../main/ipc/handlers.js';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const listeners = new Map<string, Listener>();
  const ipcMain = {
    handle: vi.fn((channel: string, listener: Listener) => {
      listeners.set(channel, listener);
    }),
  };
  return { ipcMain: ipcMain as unknown as Pick<IpcMain, 'handle'>, handle: ipcMain.handle, listeners };
}

function fakeEvent(options: { readonly destroyed?: boolean; readonly trusted?: boolean } = {}) {
  const sender = { send: vi.fn(), isDestroyed: vi.fn(() => options.destroyed ?? false) };
  const event = { sender, senderFrame: null, trusted: options.trusted ?? true } as unknown as IpcMainInvokeEvent;
  return { event, sender };
}

const isTrusted = (event: IpcMainInvokeEvent) => (event as unknown as { trusted: boolean }).trusted;

function handlersWith(overrides: Partial<Record<RequestChannel, Handler>> = {}) {
  const entries = REQUEST_CHANNELS.map((channel) => [channel, overrides[channel] ?? vi.fn<Handler>(() => Promise.resolve({ ok: true, value: channel }))]);
  return Object.fromEntries(entries) as Record<RequestChannel, Handler>;
}

function listenerFor(listeners: Map<string, Listener>, channel: string): Listener {
  const listener = listeners.get(channel);
  if (listener === undefined) {
    throw new Error(`no handler registered for ${channel}`);
  }
  return listener;
}

describe('registerIpcHandlers', () => {
  it('registers every request channel once, and nothing else', () => {
    const { ipcMain, handle } = fakeIpcMain();
    registerIpcHandlers(ipcMain, handlersWith(), isTrusted);
    const registered = handle.mock.calls.map(([channel]) => channel);
    expect(registered.toSorted()).toEqual(REQUEST_CHANNELS.toSorted());
  });

  it.each(REQUEST_CHANNELS)('refuses an untrusted sender on %s without calling the handler', async (channel) => {
    const { ipcMain, listeners } = fakeIpcMain();
    const handlers = handlersWith();
    registerIpcHandlers(ipcMain, handlers, isTrusted);
    const { event, sender } = fakeEvent({ trusted: false });

    const result = await listenerFor(listeners, channel)(event, { requestId: 'r1' });

    expect(result).toEqual({ ok: false, error: { code: 'untrusted-sender', message: expect.any(String) } });
    expect(handlers[channel]).not.toHaveBeenCalled();
    expect(sender.send).not.toHaveBeenCalled();
  });

  it('passes a trusted request payload to the handler and returns its result', async () => {
    const { ipcMain, listeners } = fakeIpcMain();
    const search = vi.fn<Handler>(() => Promise.resolve({ ok: true, value: 'found' }));
    registerIpcHandlers(ipcMain, handlersWith({ 'documents:search': search }), isTrusted);
    const payload = { requestId: 'r1', nhsNumber: '9990000018' };

    const result = await listenerFor(listeners, 'documents:search')(fakeEvent().event, payload);

    expect(result).toEqual({ ok: true, value: 'found' });
    expect(search).toHaveBeenCalledTimes(1);
    expect(search.mock.calls[0]?.[0]).toBe(payload);
  });

  it('sends emitted events to the requesting web contents only', async () => {
    const { ipcMain, listeners } = fakeIpcMain();
    const search: Handler = (_payload, emit) => {
      emit('documents:search-progress', { requestId: 'r1', pagesRead: 1, itemsRead: 10 });
      return Promise.resolve({ ok: true, value: null });
    };
    registerIpcHandlers(ipcMain, handlersWith({ 'documents:search': search }), isTrusted);
    const asking = fakeEvent();
    const other = fakeEvent();

    await listenerFor(listeners, 'documents:search')(asking.event, { requestId: 'r1', nhsNumber: '9990000018' });

    expect(asking.sender.send).toHaveBeenCalledExactlyOnceWith('documents:search-progress', { requestId: 'r1', pagesRead: 1, itemsRead: 10 });
    expect(other.sender.send).not.toHaveBeenCalled();
  });

  it('drops events once the requesting web contents is destroyed', async () => {
    const { ipcMain, listeners } = fakeIpcMain();
    const download: Handler = (_payload, emit) => {
      emit('download:progress', { requestId: 'r1', progress: { phase: 'zipping', documentsDone: 1, documentsFailed: 0, documentsTotal: 2, bytesDone: 5 } });
      return Promise.resolve({ ok: true, value: null });
    };
    registerIpcHandlers(ipcMain, handlersWith({ 'download:start': download }), isTrusted);
    const { event, sender } = fakeEvent({ destroyed: true });

    const result = await listenerFor(listeners, 'download:start')(event, { requestId: 'r1', nhsNumber: '9990000018' });

    expect(result).toEqual({ ok: true, value: null });
    expect(sender.isDestroyed).toHaveBeenCalled();
    expect(sender.send).not.toHaveBeenCalled();
  });

  it('turns a handler that throws into an unexpected error without its message or stack', async () => {
    const { ipcMain, listeners } = fakeIpcMain();
    const failing: Handler = () => Promise.reject(new Error('secret internal detail at /home/user/file.ts:1'));
    registerIpcHandlers(ipcMain, handlersWith({ 'app:info': failing }), isTrusted);

    const result = await listenerFor(listeners, 'app:info')(fakeEvent().event, undefined);

    expect(result).toEqual({ ok: false, error: { code: 'unexpected', message: expect.any(String) } });
    expect(JSON.stringify(result)).not.toContain('secret internal detail');
  });
});
