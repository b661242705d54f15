import type { IpcMainInvokeEvent } from 'electron';

/** The part of an IPC event that decides whether to trust it. */
export interface IpcSender {
  /** The URL of the frame that sent the message; undefined when it cannot be read. */
  readonly frameUrl: string | undefined;
  readonly isMainFrame: boolean;
}

// Mirrors APP_SCHEME and the bundle host in ../window/app-protocol.ts; kept literal so this module stays pure.
const TRUSTED_PROTOCOL = 'app:';
const TRUSTED_HOST = 'bundle';

/**
 * True only for the app's own main frame, loaded from `app://bundle/…`.
 *
 * The URL is parsed rather than prefix-matched, so `app://bundle.evil/` or `app://x@bundle/` fail. `URL.origin` is
 * "null" for schemes Node does not know, so protocol and host are compared one by one. A sub-frame never qualifies,
 * even from the bundle: the renderer has no reason to embed frames, so one that talks to main is a sign of trouble.
 */
export function isTrustedSender(sender: IpcSender | null): boolean {
  if (sender === null || !sender.isMainFrame || sender.frameUrl === undefined) {
    return false;
  }
  let url: URL;
  try {
    url = new URL(sender.frameUrl);
  } catch {
    return false;
  }
  return url.protocol === TRUSTED_PROTOCOL && url.host === TRUSTED_HOST && url.username === '' && url.password === '';
}

/**
 * Reads the sender of an `invoke` into the shape `isTrustedSender` judges.
 *
 * `senderFrame` is null when the frame navigated away or was destroyed before the message was handled; reading a
 * disposed frame throws, and both cases mean "do not trust" (Electron security checklist item 17).
 */
export function senderOf(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): IpcSender | null {
  try {
    const frame = event.senderFrame;
    if (frame === null) {
      return null;
    }
    return { frameUrl: frame.url || undefined, isMainFrame: frame.parent === null };
  } catch {
    return null;
  }
}
