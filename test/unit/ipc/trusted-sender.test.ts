// @vitest-environment node
import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { isTrustedSender, senderOf } from '../../../main/ipc/trusted-sender.js';

const mainFrame = (frameUrl: string | undefined) => ({ frameUrl, isMainFrame: true });

describe('isTrustedSender', () => {
  it.each(['app://bundle/index.html', 'app://bundle/', 'app://bundle/index.html#/results', 'app://bundle/index.html?x=1'])(
    'accepts the app main frame at %s',
    (url) => {
      expect(isTrustedSender(mainFrame(url))).toBe(true);
    },
  );

  it('rejects a null sender (frame navigated away or destroyed)', () => {
    expect(isTrustedSender(null)).toBe(false);
  });

  it('rejects a sub-frame, even one loaded from the bundle', () => {
    expect(isTrustedSender({ frameUrl: 'app://bundle/index.html', isMainFrame: false })).toBe(false);
  });

  it('rejects an undefined URL', () => {
    expect(isTrustedSender(mainFrame(undefined))).toBe(false);
  });

  it.each([
    'file:///opt/app/resources/app.asar/out/renderer/index.html',
    'https://bundle/index.html',
    'http://bundle/index.html',
    'app://evil/index.html',
    'app://bundle.evil/index.html',
    'app://bundle.evil.com/',
    'app://evil.bundle/index.html',
    'app://user@bundle/index.html',
    'app://bundle:8080/index.html',
    'apps://bundle/index.html',
    'javascript:alert(1)',
    'about:blank',
    'devtools://devtools/bundled/index.html',
    'not a url',
    '',
  ])('rejects %s', (url) => {
    expect(isTrustedSender(mainFrame(url))).toBe(false);
  });
});

describe('senderOf', () => {
  const eventWith = (senderFrame: unknown) => ({ senderFrame }) as unknown as IpcMainInvokeEvent;

  it('is null when the sender frame is gone', () => {
    expect(senderOf(eventWith(null))).toBeNull();
  });

  it('reads the URL and whether the frame is the main frame', () => {
    expect(senderOf(eventWith({ url: 'app://bundle/index.html', parent: null }))).toEqual({ frameUrl: 'app://bundle/index.html', isMainFrame: true });
    expect(senderOf(eventWith({ url: 'app://bundle/index.html', parent: {} }))).toEqual({ frameUrl: 'app://bundle/index.html', isMainFrame: false });
  });

  it('reads an empty URL as undefined, so it is not trusted', () => {
    const sender = senderOf(eventWith({ url: '', parent: null }));
    expect(sender).toEqual({ frameUrl: undefined, isMainFrame: true });
    expect(isTrustedSender(sender)).toBe(false);
  });

  it('is null when reading a disposed frame throws', () => {
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
      parent: null,
    };
    expect(senderOf(eventWith(disposed))).toBeNull();
  });
});
