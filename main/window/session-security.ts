import type { Session, WebContents } from 'electron';
import { APP_ENTRY_URL } from './app-protocol.js';

/**
 * The exact https:// URLs a link in the app may open in the user's browser, written as `new URL(…).href` gives them.
 *
 * Empty: the renderer links to no page outside the app. Add a URL here in the change that adds its link; any other
 * path, query or fragment on the same host stays refused, so an injected link cannot reach an attacker's page or
 * file download on an allowed site.
 */
export const EXTERNAL_URL_ALLOWLIST: ReadonlySet<string> = new Set<string>();

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
export function lockDownWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  openExternal: (url: string) => Promise<void>,
  allowList: ReadonlySet<string> = EXTERNAL_URL_ALLOWLIST,
): void {
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
    if (isSafeForExternalOpen(url, allowList)) {
      // A browser that fails to start leaves nothing for the app to do; the link simply does not open.
      openExternal(url).catch(() => undefined);
    }
    return { action: 'deny' };
  });
}

/**
 * True for an https URL that is, once parsed, exactly one of the allow-list: same host, path, query and fragment.
 *
 * Parsed with `URL`, never prefix-matched, so `https://digital.nhs.uk.attacker.com`, `https://digital.nhs.uk@evil.com`,
 * another path on an allowed host, `javascript:` and `file:` all fail.
 */
export function isSafeForExternalOpen(url: string, allowList: ReadonlySet<string> = EXTERNAL_URL_ALLOWLIST): boolean {
  const parsed = URL.parse(url);
  return parsed?.protocol === 'https:' && allowList.has(parsed.href);
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
