import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { build } from 'esbuild';
import { type EventChannel, type EventOf, REQUEST_CHANNELS, type RequestChannel } from '../../common/channels.js';
import { contentTypeHeaderOf } from '../../common/media-types.js';
import type { Emit, Handler } from '../ipc/handlers.js';

/** The running preview host. */
export interface PreviewServer {
  /** The URL to open, carrying the per-run secret token. */
  readonly url: string;
  /** Sends an event to every page of this preview (the session's changes, which no request of a page caused). */
  readonly broadcast: Emit;
  close(): Promise<void>;
}

export interface PreviewOptions {
  readonly handlers: Readonly<Record<RequestChannel, Handler>>;
  /** The built renderer (out/renderer). */
  readonly rendererRoot: string;
  readonly port?: number;
}

const LOOPBACK = '127.0.0.1';
const COOKIE_PREFIX = 'docstore_preview_';
const MAX_BODY_BYTES = 64 * 1024;
// The same policy the app's protocol serves; `connect-src 'self'` lets the bridge reach this host and nothing else.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types pdfjs-worker";
const CHANNELS = new Set<string>(REQUEST_CHANNELS);

/**
 * Serves the built renderer and answers the contract over HTTP with the app's own handlers, for development and UI tests.
 *
 * It binds to loopback only and answers only requests addressed to `127.0.0.1:<port>` or `localhost:<port>` (no DNS
 * rebinding). The page must be opened once with the secret token in its URL; that sets an HttpOnly, SameSite=Strict
 * cookie named for the port, which every later request must carry (401 without it). API calls and the event stream
 * must also come from the page's own origin (`Origin`, or `Sec-Fetch-Site: same-origin`), and API calls are JSON POSTs.
 */
export async function startPreviewServer(options: PreviewOptions): Promise<PreviewServer> {
  const token = randomBytes(24).toString('base64url');
  const bridge = await bundleBridge();
  const listeners = new Set<ServerResponse>();
  const emit: Emit = <C extends EventChannel>(channel: C, event: EventOf<C>) => {
    for (const listener of listeners) {
      listener.write(`event: ${channel}\ndata: ${JSON.stringify(event)}\n\n`);
    }
  };
  const server = createServer((request, response) => {
    route(request, response).catch(() => send(response, 500, 'text/plain', 'The preview host failed to answer.'));
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host ?? '';
    // DNS rebinding: a page on another name resolved to 127.0.0.1 reaches this port, but under its own Host.
    if (!allowedHosts().has(host.toLowerCase())) {
      return send(response, 421, 'text/plain', 'Refused: this host serves 127.0.0.1 and localhost only.');
    }
    const url = new URL(request.url ?? '/', `http://${host}`);
    if (url.pathname === '/' && matches(url.searchParams.get('token') ?? '', token)) {
      response.setHeader('set-cookie', `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      return serveIndex(response);
    }
    if (!matches(cookieValue(request, cookieName()) ?? '', token)) {
      return send(response, 401, 'text/plain', 'Open the preview with the URL printed by `npm run web`.');
    }
    if (url.pathname === '/bridge.js') {
      return send(response, 200, contentTypeHeaderOf('bridge.js'), bridge);
    }
    const api = url.pathname.startsWith('/api/');
    if ((api || url.pathname === '/events') && !fromOwnPage(request, `http://${host}`)) {
      return send(response, 403, 'text/plain', 'Refused: API calls come from the preview page only.');
    }
    if (url.pathname === '/events') {
      return openEventStream(response);
    }
    if (api) {
      return answer(request, response, url.pathname.slice('/api/'.length));
    }
    return serveAsset(response, url.pathname);
  }

  async function serveIndex(response: ServerResponse): Promise<void> {
    const html = await readFile(join(options.rendererRoot, 'index.html'), 'utf8');
    // The bridge must define window.documentStore before the app's module script runs.
    const withBridge = html.replace('</head>', '  <script src="/bridge.js"></script>\n  </head>');
    send(response, 200, contentTypeHeaderOf('index.html'), withBridge);
  }

  async function serveAsset(response: ServerResponse, pathname: string): Promise<void> {
    const file = normalize(join(options.rendererRoot, decodeURIComponent(pathname)));
    if (!file.startsWith(options.rendererRoot + sep)) {
      return send(response, 404, 'text/plain', 'Not found');
    }
    try {
      send(response, 200, contentTypeHeaderOf(file), await readFile(file));
    } catch {
      send(response, 404, 'text/plain', 'Not found');
    }
  }

  function openEventStream(response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(': connected\n\n');
    listeners.add(response);
    response.on('close', () => listeners.delete(response));
  }

  async function answer(request: IncomingMessage, response: ServerResponse, channel: string): Promise<void> {
    if (request.method !== 'POST') {
      return send(response, 405, 'text/plain', 'Refused: API calls are POST requests.');
    }
    // A form or `no-cors` fetch cannot send this type without a preflight, which this host never answers.
    if (!isJson(request.headers['content-type'])) {
      return send(response, 415, 'text/plain', 'Refused: API calls carry JSON.');
    }
    if (!CHANNELS.has(channel)) {
      return send(response, 403, 'text/plain', 'Refused.');
    }
    const body = await readBody(request);
    const payload = body === undefined ? undefined : (body as { payload?: unknown }).payload;
    const result = await options.handlers[channel as RequestChannel](payload, emit);
    send(response, 200, 'application/json', JSON.stringify(result));
  }

  const port = () => (server.address() as AddressInfo).port;
  const baseUrl = () => `http://${LOOPBACK}:${port()}`;
  const allowedHosts = () => new Set([`${LOOPBACK}:${port()}`, `localhost:${port()}`]);
  // Cookies are shared by every port of a host: a name of its own keeps two previews (or another local app) apart.
  const cookieName = () => `${COOKIE_PREFIX}${port()}`;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, resolve);
  });
  return {
    broadcast: emit,
    url: `${baseUrl()}/?token=${token}`,
    close: () =>
      new Promise((resolve) => {
        for (const listener of listeners) {
          listener.end();
        }
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(response: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': contentType, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
  response.end(body);
}

function cookieValue(request: IncomingMessage, name: string): string | undefined {
  const cookie = (request.headers.cookie ?? '').split(';').map((part) => part.trim()).find((part) => part.startsWith(`${name}=`));
  return cookie?.slice(name.length + 1);
}

function matches(given: string, token: string): boolean {
  const givenBytes = Buffer.from(given);
  const expected = Buffer.from(token);
  return givenBytes.length === expected.length && timingSafeEqual(givenBytes, expected);
}

/** The browser says the request came from this origin: its Origin header, or Sec-Fetch-Site when it sends no Origin. */
function fromOwnPage(request: IncomingMessage, ownOrigin: string): boolean {
  const origin = request.headers.origin;
  return origin === undefined ? request.headers['sec-fetch-site'] === 'same-origin' : origin === ownOrigin;
}

function isJson(contentType: string | undefined): boolean {
  return /^application\/json\s*(?:;|$)/i.test(contentType ?? '');
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new Error('request body too large');
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 0 ? undefined : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
}

async function bundleBridge(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('../../preload/web-bridge.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
  });
  return result.outputFiles[0]?.text ?? '';
}
