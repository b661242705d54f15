import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { REQUEST_CHANNELS, type RequestChannel } from '../../common/channels.js';
import type { Result } from '../../common/result.js';
import type { Emit, Handler } from './handlers.js';

const UNTRUSTED: Result<never> = {
  ok: false,
  error: { code: 'untrusted-sender', message: 'This request did not come from the app window, so it was refused.' },
};

const UNEXPECTED: Result<never> = {
  ok: false,
  error: { code: 'unexpected', message: 'Something went wrong that the app did not expect. Try again; if it keeps happening, contact your IT service desk.' },
};

/**
 * Registers one `ipcMain.handle` per request channel, each checking the sender before anything else.
 *
 * This is the only place main touches `ipcMain`: an untrusted sender gets `untrusted-sender` and the handler never
 * runs. Events a handler emits go back only to the web contents that asked, never broadcast.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: Readonly<Record<RequestChannel, Handler>>,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
): void {
  for (const channel of REQUEST_CHANNELS) {
    const handler = handlers[channel];
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      if (!isTrusted(event)) {
        return UNTRUSTED;
      }
      try {
        return await handler(payload, emitTo(event.sender));
      } catch {
        // Handlers return failures as values; should one throw anyway, its message and stack stay in main.
        return UNEXPECTED;
      }
    });
  }
}

/** An `Emit` that sends to one web contents, and drops events once it is gone (window closed mid-job). */
function emitTo(sender: Pick<WebContents, 'send' | 'isDestroyed'>): Emit {
  return (channel, event) => {
    if (!sender.isDestroyed()) {
      sender.send(channel, event);
    }
  };
}
