import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { Protocol } from 'electron';
import { contentTypeHeaderOf } from '../../common/media-types.js';

/** The custom scheme the renderer is served from, instead of `file://` (Electron security checklist item 18). */
export const APP_SCHEME = 'app';
/** The one host the scheme serves: the packaged renderer bundle. */
export const APP_HOST = 'bundle';
/** The page every window loads; the only URL a window may navigate to. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The Content Security Policy sent with every response of the scheme.
 *
 * Only the bundle's own files run or load; no inline script or style, no plug-ins, no forms, no framing.
 * `data:`/`blob:` images cover icons the stylesheet inlines. Main talks to AWS, so the renderer connects nowhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  // DOM XSS sinks take only values a named policy made; the one policy starts pdf.js's worker.
  "require-trusted-types-for 'script'",
  'trusted-types pdfjs-worker',
].join('; ');

/**
 * The file under `rendererRoot` an `app://bundle/…` URL names, or undefined when it names none.
 *
 * Only the bundle host is served. The path is percent-decoded before it is checked, so encoded traversal
 * (`..%2f`, `%2e%2e/`, `%5c`) is caught; backslashes and NUL are refused outright (Windows reads `\` as a
 * separator), and the resolved path must stay inside the root. `/` means `index.html`; query and hash are ignored.
 */
export function resolveBundleFile(rendererRoot: string, requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') {
    return undefined;
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (path === '' || path === '/') {
    path = '/index.html';
  }
  if (!path.startsWith('/') || path.includes('\\') || path.includes('\0') || path.split('/').includes('..')) {
    return undefined;
  }
  const root = resolve(rendererRoot);
  const file = resolve(root, `.${path}`);
  return file.startsWith(root + sep) ? file : undefined;
}

/**
 * The `protocol.handle` handler for the scheme: bundle files with a content type and the CSP, 404 for anything else.
 *
 * Exported apart from `registerAppProtocol` so it can be tested with plain `Request`s, without Electron.
 */
export function createBundleHandler(rendererRoot: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const headers = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers });
    }
    const file = resolveBundleFile(rendererRoot, request.url);
    if (file === undefined) {
      return new Response(null, { status: 404, headers });
    }
    try {
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: { ...headers, 'content-type': contentTypeHeaderOf(file) } });
    } catch {
      // Missing files and folders read the same to the renderer.
      return new Response(null, { status: 404, headers });
    }
  };
}

/** Serves the renderer bundle at `app://bundle/`; call once the app is ready. */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, createBundleHandler(rendererRoot));
}

/**
 * Makes `app:` a standard, secure scheme with `fetch` support, so it gets an origin and `'self'` in the CSP means
 * the bundle. Electron allows this only before the app is ready.
 */
export function registerAppSchemeAsPrivileged(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}
