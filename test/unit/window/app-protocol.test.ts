// @vitest-environment node
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  createBundleHandler,
  registerAppProtocol,
  registerAppSchemeAsPrivileged,
  resolveBundleFile,
} from '../../../main/window/app-protocol.js';

const ROOT = join(tmpdir(), 'renderer-root-that-need-not-exist');

describe('resolveBundleFile', () => {
  it.each([
    ['app://bundle/index.html', 'index.html'],
    ['app://bundle/', 'index.html'],
    ['app://bundle', 'index.html'],
    ['app://bundle/assets/index-Dnm0d1d1.js', 'assets/index-Dnm0d1d1.js'],
    ['app://bundle/assets/images/nhsuk-icon-cross.svg', 'assets/images/nhsuk-icon-cross.svg'],
    ['app://bundle/assets/my%20file.css', 'assets/my file.css'],
    ['app://bundle/index.html?x=1', 'index.html'],
    ['app://bundle/assets/app.js?v=2#top', 'assets/app.js'],
    // The URL parser already folds plain and encoded dot segments that stay inside the root.
    ['app://bundle/assets/../index.html', 'index.html'],
    ['app://bundle/%2e%2e/index.html', 'index.html'],
    ['app://bundle/%2E%2E/%2e%2e/index.html', 'index.html'],
  ])('maps %s to %s under the root', (url, relative) => {
    expect(resolveBundleFile(ROOT, url)).toBe(join(ROOT, relative));
  });

  it.each([
    'app://bundle/..%2f..%2fetc/passwd',
    'app://bundle/..%2F..%2Fetc%2Fpasswd',
    'app://bundle/assets/..%2f..%2f..%2fsecret',
    'app://bundle/%2e%2e%2f%2e%2e%2fsecret',
    'app://bundle/..%5c..%5cwindows%5cwin.ini',
    'app://bundle/assets%5c..%5c..%5csecret',
    'app://bundle/assets%5cindex.js',
    'app://bundle/index.html%00.png',
    'app://bundle/%E0%A4%A',
  ])('refuses %s', (url) => {
    expect(resolveBundleFile(ROOT, url)).toBeUndefined();
  });

  it.each([
    'app://evil/index.html',
    'app://bundle.evil/index.html',
    'app://user@bundle/index.html',
    'app://bundle:81/index.html',
    'file:///etc/passwd',
    'https://bundle/index.html',
    'not a url',
  ])('refuses the wrong scheme or host: %s', (url) => {
    expect(resolveBundleFile(ROOT, url)).toBeUndefined();
  });

  it('names the entry URL on the bundle host', () => {
    expect(APP_ENTRY_URL).toBe('app://bundle/index.html');
    expect(resolveBundleFile(ROOT, APP_ENTRY_URL)).toBe(join(ROOT, 'index.html'));
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it("allows only the bundle's own scripts and styles", () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('requires Trusted Types for script sinks, with the one policy that starts the PDF worker', () => {
    expect(directives.get('require-trusted-types-for')).toEqual(["'script'"]);
    expect(directives.get('trusted-types')).toEqual(['pdfjs-worker']);
  });

  it('has no unsafe sources and no remote hosts', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });
});

describe('createBundleHandler', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'app-protocol-'));
    await mkdir(join(root, 'renderer', 'assets'), { recursive: true });
    await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
    await writeFile(join(root, 'renderer', 'assets', 'app.js'), 'export {};');
    await writeFile(join(root, 'secret.txt'), 'not for the renderer');
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const get = (url: string, method = 'GET') => createBundleHandler(join(root, 'renderer'))(new Request(url, { method }));

  it('serves the entry page with its content type and the CSP', async () => {
    const response = await get('app://bundle/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>x</title>');
  });

  it('serves a nested asset as JavaScript', async () => {
    const response = await get('app://bundle/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each(['app://bundle/missing.js', 'app://bundle/assets', 'app://bundle/..%2fsecret.txt', 'app://other/index.html'])(
    'answers 404 with the CSP for %s',
    async (url) => {
      const response = await get(url);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text()).toBe('');
    },
  );

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://bundle/index.html', 'POST')).status).toBe(405);
  });
});

describe('registration', () => {
  it('handles the app scheme with the bundle handler', () => {
    const protocol = { handle: vi.fn() };
    registerAppProtocol(protocol, ROOT);
    expect(protocol.handle).toHaveBeenCalledExactlyOnceWith(APP_SCHEME, expect.any(Function));
  });

  it('registers app as a standard, secure scheme with fetch support', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppSchemeAsPrivileged(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });
});
