/**
 * The preload bridge: exposes `window.documentStore`, one function per operation, and nothing else.
 *
 * Neither `ipcRenderer` nor any IPC event object crosses the bridge (Electron security checklist item 20):
 * requests go only to the channels `createDocumentStoreApi` names, and listeners receive the payload alone.
 * Built as CommonJS (`index.cjs`) because a sandboxed preload cannot be an ES module.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import type { EventChannel, EventOf, PayloadOf, RequestChannel, ValueOf } from '../common/channels.js';
import { createDocumentStoreApi } from './create-api.js';
import type { Result } from '../common/result.js';

contextBridge.exposeInMainWorld(
  'documentStore',
  createDocumentStoreApi({
    invoke: <C extends RequestChannel>(channel: C, payload: PayloadOf<C>) =>
      ipcRenderer.invoke(channel, payload) as Promise<Result<ValueOf<C>>>,
    subscribe: <C extends EventChannel>(channel: C, listener: (event: EventOf<C>) => void) => {
      const forward = (_event: IpcRendererEvent, data: EventOf<C>): void => listener(data);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    },
  }),
);
