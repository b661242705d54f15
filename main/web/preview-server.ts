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
  close(): Promise<void>;
}

export interface PreviewOptions {
  readonly handlers: Readonly<Record<RequestChannel, Handler>>;
  /** The built renderer (out/renderer). */
  readonly rendererRoot: string;
  readonly port?: number;
}

const LOOPBACK = '127.0.0.1';
const COOKIE = 'docstore_preview';
const MAX_BODY_BYTES = 64 * 1024;
// The same policy the app's protocol serves; `connect-src 'self'` lets the bridge reach this host and nothing else.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const CHANNELS = new Set<string>(REQUEST_CHANNELS);

/**
 * Serves the built renderer and answers the contract over HTTP with the app's own handlers, for development and UI tests.
 *
 * It binds to loopback only. The page must be opened once with the secret token in its URL; that sets a
 * same-site cookie every later request must carry, and API calls must also come from this origin.
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
    const url = new URL(request.url ?? '/', `http://${LOOPBACK}`);
    if (url.pathname === '/' && url.searchParams.get('token') === token) {
      response.setHeader('set-cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      return serveIndex(response);
    }
    if (!hasToken(request, token)) {
      return send(response, 403, 'text/plain', 'Open the preview with the URL printed by `npm run web`.');
    }
    if (url.pathname === '/bridge.js') {
      return send(response, 200, contentTypeHeaderOf('bridge.js'), bridge);
    }
    if (url.pathname === '/events') {
      return openEventStream(response);
    }
    if (url.pathname.startsWith('/api/') && request.method === 'POST') {
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
    const origin = request.headers.origin;
    if ((origin !== undefined && origin !== baseUrl()) || !CHANNELS.has(channel)) {
      return send(response, 403, 'text/plain', 'Refused.');
    }
    const body = await readBody(request);
    const payload = body === undefined ? undefined : (body as { payload?: unknown }).payload;
    const result = await options.handlers[channel as RequestChannel](payload, emit);
    send(response, 200, 'application/json', JSON.stringify(result));
  }

  const baseUrl = () => `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, resolve);
  });
  return {
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

function hasToken(request: IncomingMessage, token: string): boolean {
  const cookie = (request.headers.cookie ?? '').split(';').map((part) => part.trim()).find((part) => part.startsWith(`${COOKIE}=`));
  const given = Buffer.from(cookie?.slice(COOKIE.length + 1) ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
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
