// @vitest-environment node
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { EXTERNAL_URL_ALLOWLIST, isSafeForExternalOpen, lockDownSession, lockDownWebContents } from '../../../main/window/session-security.js';

type AnyHandler = (...args: unknown[]) => unknown;

function fakeSession() {
  const captured: { request?: AnyHandler; check?: AnyHandler } = {};
  const session = {
    setPermissionRequestHandler: vi.fn((handler: AnyHandler) => {
      captured.request = handler;
    }),
    setPermissionCheckHandler: vi.fn((handler: AnyHandler) => {
      captured.check = handler;
    }),
  };
  return { session: session as unknown as Session, captured };
}

function fakeWebContents() {
  const listeners = new Map<string, AnyHandler[]>();
  let windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
  const contents = {
    on: vi.fn((name: string, listener: AnyHandler) => {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      return contents;
    }),
    setWindowOpenHandler: vi.fn((handler: (details: { url: string }) => unknown) => {
      windowOpenHandler = handler;
    }),
  };
  const emit = (name: string, ...args: unknown[]) => {
    for (const listener of listeners.get(name) ?? []) {
      listener(...args);
    }
  };
  const openWindow = (url: string) => {
    if (windowOpenHandler === undefined) {
      throw new Error('no window open handler');
    }
    return windowOpenHandler({ url });
  };
  return { contents: contents as unknown as WebContents, listeners, emit, openWindow };
}

function navigationEvent(url: string) {
  return { url, isMainFrame: true, isSameDocument: false, frame: null, preventDefault: vi.fn() };
}

// The clipboard too: "Copy diagnostics" is written by main (Platform.copyText), so the page never needs it.
// A list for these tests: the app's own links nowhere outside, so its list is empty.
const GUIDANCE = 'https://digital.nhs.uk/services/gp-connect/gp-connect-in-your-organisation';
const HELP = 'https://www.nhs.uk/contact-us/';
const LINKS: ReadonlySet<string> = new Set([GUIDANCE, HELP]);

const PERMISSIONS = ['media', 'notifications', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb', 'unknown'];

describe('lockDownSession', () => {
  it.each(PERMISSIONS)('denies a request for %s', (permission) => {
    const { session, captured } = fakeSession();
    lockDownSession(session);
    const callback = vi.fn();
    captured.request?.({}, permission, callback, { requestingUrl: 'app://bundle/index.html' });
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
  });

  it.each(PERMISSIONS)('answers a check for %s with false', (permission) => {
    const { session, captured } = fakeSession();
    lockDownSession(session);
    expect(captured.check?.({}, permission, 'app://bundle', { requestingUrl: 'app://bundle/index.html' })).toBe(false);
  });

  it('sets both handlers', () => {
    const { session, captured } = fakeSession();
    lockDownSession(session);
    expect(captured.request).toBeTypeOf('function');
    expect(captured.check).toBeTypeOf('function');
  });
});

describe('lockDownWebContents', () => {
  it.each(['will-navigate', 'will-frame-navigate'])('%s to another URL is prevented', (name) => {
    const { contents, emit } = fakeWebContents();
    lockDownWebContents(contents, vi.fn(() => Promise.resolve()));
    for (const url of ['https://evil.example/', 'https://digital.nhs.uk/', 'app://bundle/other.html', 'app://evil/index.html', 'file:///etc/passwd', 'javascript:alert(1)']) {
      const event = navigationEvent(url);
      emit(name, event, url);
      expect(event.preventDefault, url).toHaveBeenCalled();
    }
  });

  it.each(['will-navigate', 'will-frame-navigate'])('%s to the app entry is allowed', (name) => {
    const { contents, emit } = fakeWebContents();
    lockDownWebContents(contents, vi.fn(() => Promise.resolve()));
    for (const url of ['app://bundle/index.html', 'app://bundle/index.html#/results']) {
      const event = navigationEvent(url);
      emit(name, event, url);
      expect(event.preventDefault, url).not.toHaveBeenCalled();
    }
  });

  it('prevents attaching a webview', () => {
    const { contents, emit, listeners } = fakeWebContents();
    lockDownWebContents(contents, vi.fn(() => Promise.resolve()));
    expect(listeners.get('will-attach-webview')).toHaveLength(1);
    const event = { preventDefault: vi.fn() };
    emit('will-attach-webview', event, { preload: '/tmp/evil.js', nodeIntegration: true }, { src: 'https://evil.example/' });
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every new window and opens only allow-listed links externally', () => {
    const { contents, openWindow } = fakeWebContents();
    const openExternal = vi.fn(() => Promise.resolve());
    lockDownWebContents(contents, openExternal, LINKS);

    expect(openWindow(GUIDANCE)).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledExactlyOnceWith(GUIDANCE);

    for (const url of ['https://digital.nhs.uk/services/other', 'https://digital.nhs.uk.attacker.com/', 'http://www.nhs.uk/', 'app://bundle/index.html', 'file:///C:/Windows/System32/calc.exe', 'about:blank']) {
      expect(openWindow(url), url).toEqual({ action: 'deny' });
    }
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('opens nothing externally with the app\'s own allow-list, which is empty because the app links nowhere outside', () => {
    const { contents, openWindow } = fakeWebContents();
    const openExternal = vi.fn(() => Promise.resolve());
    lockDownWebContents(contents, openExternal);
    for (const url of [GUIDANCE, 'https://digital.nhs.uk/', 'https://www.nhs.uk/']) {
      expect(openWindow(url), url).toEqual({ action: 'deny' });
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('swallows a failure to open the browser', async () => {
    const { contents, openWindow } = fakeWebContents();
    const openExternal = vi.fn(() => Promise.reject(new Error('no browser')));
    lockDownWebContents(contents, openExternal, LINKS);
    expect(openWindow(GUIDANCE)).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(openExternal).toHaveBeenCalledOnce();
  });
});

describe('isSafeForExternalOpen', () => {
  it.each([GUIDANCE, 'https://DIGITAL.NHS.UK/services/gp-connect/gp-connect-in-your-organisation', 'https://digital.nhs.uk:443/services/gp-connect/gp-connect-in-your-organisation', HELP])(
    'allows %s, the same URL once parsed',
    (url) => {
      expect(isSafeForExternalOpen(url, LINKS)).toBe(true);
    },
  );

  it.each([
    // The same host, another page: a host allow-list would have let these through.
    'https://digital.nhs.uk/',
    'https://digital.nhs.uk/services/gp-connect',
    'https://digital.nhs.uk/services/gp-connect/gp-connect-in-your-organisation/',
    'https://digital.nhs.uk/services/gp-connect/gp-connect-in-your-organisation?download=evil.exe',
    'https://digital.nhs.uk/services/gp-connect/gp-connect-in-your-organisation#elsewhere',
    'https://digital.nhs.uk/services/gp-connect/gp-connect-in-your-organisation/../../../search?q=x',
    'https://www.nhs.uk/nhs-services/',
    'https://www.nhs.uk/search?q=records#top',
    'https://service-manual.nhs.uk/accessibility/development',
    'https://www.nhs.uk/contact-us/?',
    'https://www.nhs.uk/contact-us/#',
    'https://good.example.attacker.com',
    'https://digital.nhs.uk.attacker.com/services/gp-connect/gp-connect-in-your-organisation',
    'https://digital.nhs.uk@evil.com/services/gp-connect/gp-connect-in-your-organisation',
    'https://user:pass@digital.nhs.uk/services/gp-connect/gp-connect-in-your-organisation',
    'https://digital.nhs.uk:8443/services/gp-connect/gp-connect-in-your-organisation',
    'http://digital.nhs.uk/services/gp-connect/gp-connect-in-your-organisation',
    'javascript:alert(1)//https://digital.nhs.uk/services/gp-connect/gp-connect-in-your-organisation',
    'file:///C:/Windows/System32/calc.exe',
    'data:text/html,<script>alert(1)</script>',
    'ms-msdt:/id PCWDiagnostic',
    'app://bundle/index.html',
    '//digital.nhs.uk/services/gp-connect/gp-connect-in-your-organisation',
    '',
  ])('refuses %s', (url) => {
    expect(isSafeForExternalOpen(url, LINKS)).toBe(false);
  });

  it('refuses an http:// URL even when it is on the list', () => {
    expect(isSafeForExternalOpen('http://digital.nhs.uk/', new Set(['http://digital.nhs.uk/']))).toBe(false);
  });

  it('lists each URL the app links to as https and as URL parsing writes it, so it can match', () => {
    for (const url of EXTERNAL_URL_ALLOWLIST) {
      expect(new URL(url).href, url).toBe(url);
      expect(url, url).toMatch(/^https:\/\//);
    }
  });

  it('refuses the pages the old host allow-list opened, with the app\'s own list', () => {
    for (const url of ['https://digital.nhs.uk/', 'https://service-manual.nhs.uk/', 'https://www.nhs.uk/']) {
      expect(isSafeForExternalOpen(url), url).toBe(false);
    }
  });
});
