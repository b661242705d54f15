import type { Session, WebContents } from 'electron';
import { APP_ENTRY_URL } from './app-protocol.js';

/** Hosts whose pages may be opened in the user's browser; matched exactly, over https only. */
export const EXTERNAL_HOST_ALLOWLIST: ReadonlySet<string> = new Set(['digital.nhs.uk', 'service-manual.nhs.uk', 'www.nhs.uk']);

/**
 * Denies every permission a page of this session asks for or checks.
 *
 * Electron grants every permission by default (checklist item 5). The app needs none: no camera, microphone,
 * notifications from the page (main shows those), geolocation, the clipboard (main writes "Copy diagnostics" to it
 * with Electron's clipboard, so `clipboard-sanitized-write` stays denied too), HID, serial or USB. Both handlers are
 * set because Chromium asks the request handler when a page requests a permission and the check handler when it
 * only queries one (for example `navigator.permissions.query` or `Notification.permission`).
 */
export function lockDownSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Keeps a web contents on the app's own page: no navigation, no new windows, no `<webview>`.
 *
 * Navigation (main frame or any sub-frame) is allowed only to the app entry itself (checklist item 13).
 * `window.open` and `target="_blank"` links never open an Electron window; an allow-listed https link is handed to
 * `openExternal` (the user's browser) instead (items 14 and 15). Attaching a `<webview>` is refused (items 11, 12).
 */
export function lockDownWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, openExternal: (url: string) => Promise<void>): void {
  contents.on('will-navigate', (event) => {
    if (!isAppEntry(event.url)) {
      event.preventDefault();
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppEntry(event.url)) {
      event.preventDefault();
    }
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeForExternalOpen(url)) {
      // A browser that fails to start leaves nothing for the app to do; the link simply does not open.
      openExternal(url).catch(() => undefined);
    }
    return { action: 'deny' };
  });
}

/**
 * True for an https URL on an exactly allow-listed host, with no user name, password or port.
 *
 * Parsed with `URL`, never prefix-matched: `https://digital.nhs.uk.attacker.com`, `https://digital.nhs.uk@evil.com`,
 * `javascript:` and `file:` all fail.
 */
export function isSafeForExternalOpen(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    EXTERNAL_HOST_ALLOWLIST.has(parsed.hostname)
  );
}

/** True for the app entry page (its hash aside), the only place a window may navigate to. */
function isAppEntry(url: string): boolean {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href === APP_ENTRY_URL;
  } catch {
    return false;
  }
}
