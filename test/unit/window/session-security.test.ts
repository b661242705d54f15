// @vitest-environment node
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { isSafeForExternalOpen, lockDownSession, lockDownWebContents } from '../../../main/window/session-security.js';

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
    lockDownWebContents(contents, openExternal);

    expect(openWindow('https://digital.nhs.uk/services/gp-connect')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://digital.nhs.uk/services/gp-connect');

    for (const url of ['https://good.example.attacker.com/', 'https://digital.nhs.uk.attacker.com/', 'http://www.nhs.uk/', 'app://bundle/index.html', 'file:///C:/Windows/System32/calc.exe', 'about:blank']) {
      expect(openWindow(url), url).toEqual({ action: 'deny' });
    }
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('swallows a failure to open the browser', async () => {
    const { contents, openWindow } = fakeWebContents();
    const openExternal = vi.fn(() => Promise.reject(new Error('no browser')));
    lockDownWebContents(contents, openExternal);
    expect(openWindow('https://www.nhs.uk/')).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(openExternal).toHaveBeenCalledOnce();
  });
});

describe('isSafeForExternalOpen', () => {
  it.each([
    'https://digital.nhs.uk/',
    'https://digital.nhs.uk/services/gp-connect/gp-connect-in-your-organisation',
    'https://service-manual.nhs.uk/accessibility/development',
    'https://www.nhs.uk/nhs-services/',
    'https://www.nhs.uk/search?q=records#top',
    'https://WWW.NHS.UK/',
  ])('allows %s', (url) => {
    expect(isSafeForExternalOpen(url)).toBe(true);
  });

  it.each([
    'https://good.example.attacker.com',
    'https://digital.nhs.uk.attacker.com/',
    'https://digital.nhs.uk.',
    'https://evil-digital.nhs.uk/',
    'https://attacker.com/digital.nhs.uk',
    'https://attacker.com/?https://digital.nhs.uk',
    'https://nhs.uk/',
    'https://sub.www.nhs.uk/',
    'https://digital.nhs.uk@evil.com/',
    'https://user:pass@digital.nhs.uk/',
    'https://digital.nhs.uk:8443/',
    'http://digital.nhs.uk/',
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)//https://digital.nhs.uk',
    'file:///C:/Windows/System32/calc.exe',
    'file://digital.nhs.uk/share',
    'data:text/html,<script>alert(1)</script>',
    'ms-msdt:/id PCWDiagnostic',
    'smb://digital.nhs.uk/share',
    'app://bundle/index.html',
    '//digital.nhs.uk/',
    'digital.nhs.uk',
    '',
  ])('refuses %s', (url) => {
    expect(isSafeForExternalOpen(url)).toBe(false);
  });
});
