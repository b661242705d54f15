import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { type ClientRequest, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../main/ipc/handlers.js';
import { createSettingsStore } from '../../../main/settings/settings-store.js';
import { previewPlatform } from '../../../main/web/preview-platform.js';
import { type PreviewServer, startPreviewServer } from '../../../main/web/preview-server.js';
import { type DownloadFixture, openDownloadFixture } from '../../support/download-fixture.js';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function withoutUnset(headers: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function call(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; setHost?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? 'GET', headers: options.headers, setHost: options.setHost ?? true }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.once('error', reject);
    outgoing.end(options.body);
  });
}

describe('web preview host', () => {
  let fixture: DownloadFixture;
  let server: PreviewServer;
  let rendererRoot: string;
  let base: string;
  let cookie: string;

  beforeAll(async () => {
    fixture = await openDownloadFixture();
    rendererRoot = await mkdtemp(join(tmpdir(), 'docstore-renderer-'));
    await mkdir(join(rendererRoot, 'assets'));
    await writeFile(join(rendererRoot, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
    await writeFile(join(rendererRoot, 'assets', 'app.js'), 'export {};');
    const saved = new Map<string, unknown>([['saveFolder', fixture.folder]]);
    const handlers = createHandlers({
      services: fixture.services,
      appInfo: () => fixture.services.appInfo(),
      settings: createSettingsStore({ get: (key) => saved.get(key), set: (key, value) => saved.set(key, value) }),
      platform: previewPlatform(fixture.folder),
    });
    server = await startPreviewServer({ handlers, rendererRoot });
    base = new URL(server.url).origin;
    const index = await call(server.url);
    cookie = String(index.headers['set-cookie']).split(';')[0] ?? '';
  });
  const streams: ClientRequest[] = [];
  afterAll(async () => {
    for (const stream of streams) {
      stream.destroy();
    }
    await server.close();
    await fixture.close();
    await rm(rendererRoot, { recursive: true, force: true });
  });

  // What the bridge's fetch sends from the page: the cookie, the page's origin, JSON.
  const fromPage = () => ({ cookie, origin: base, 'content-type': 'application/json' });
  const api = (channel: string, payload: unknown, headers: Record<string, string | undefined> = fromPage()) =>
    call(`${base}/api/${channel}`, { method: 'POST', headers: withoutUnset(headers), body: JSON.stringify({ payload }) });

  it('binds to loopback and prints a URL with a secret token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('serves the page only with the token, injecting the bridge under a strict CSP', async () => {
    expect((await call(`${base}/`)).status).toBe(401);
    expect((await call(`${base}/?token=wrong`)).status).toBe(401);
    const index = await call(server.url);
    expect(index.status).toBe(200);
    expect(index.body).toContain('<script src="/bridge.js"></script>');
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.headers['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('sets an HttpOnly, SameSite=Strict cookie whose name is unique to the port', () => {
    const port = new URL(base).port;
    expect(cookie).toMatch(new RegExp(`^docstore_preview_${port}=[\\w-]{20,}$`));
    const index = call(server.url);
    return expect(index).resolves.toMatchObject({ headers: { 'set-cookie': [expect.stringMatching(/; HttpOnly; SameSite=Strict; Path=\/$/)] } });
  });

  it('answers the contract with the app handlers once the page was opened', async () => {
    const info = await api('app:info', undefined);
    expect(JSON.parse(info.body)).toMatchObject({ ok: true, value: { environment: 'sandbox', sandbox: true } });
  });

  it('answers 401 with no token and no cookie, or with the cookie of another port', async () => {
    expect((await api('app:info', undefined, { ...fromPage(), cookie: undefined })).status).toBe(401);
    const value = cookie.slice(cookie.indexOf('=') + 1);
    expect((await api('app:info', undefined, { ...fromPage(), cookie: `docstore_preview=${value}` })).status).toBe(401);
    expect((await api('app:info', undefined, { ...fromPage(), cookie: `docstore_preview_1=${value}` })).status).toBe(401);
    expect((await call(`${base}/events`, { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(401);
  });

  it('refuses any Host but 127.0.0.1:<port> and localhost:<port>, the token page too (DNS rebinding)', async () => {
    const port = new URL(base).port;
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${Number(port) + 1}`, `localhost.evil.example:${port}`]) {
      expect((await call(server.url, { headers: { host } })).status, host).toBe(421);
      expect((await api('app:info', undefined, { ...fromPage(), host })).status, host).toBe(421);
    }
    // No Host at all: Node's HTTP server refuses it before the preview sees it.
    expect((await call(server.url, { setHost: false })).status).toBe(400);
    const viaLocalhost = await api('app:info', undefined, { ...fromPage(), host: `localhost:${port}`, origin: `http://localhost:${port}` });
    expect(viaLocalhost.status).toBe(200);
  });

  it("takes API calls only from the page's own origin: Origin, or Sec-Fetch-Site: same-origin without one", async () => {
    const port = new URL(base).port;
    for (const origin of ['http://evil.example', `http://127.0.0.1:${Number(port) + 1}`, `http://localhost:${port}`, 'null']) {
      expect((await api('app:info', undefined, { ...fromPage(), origin })).status, origin).toBe(403);
    }
    expect((await api('app:info', undefined, { ...fromPage(), origin: undefined })).status).toBe(403);
    expect((await api('app:info', undefined, { ...fromPage(), origin: undefined, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await api('app:info', undefined, { ...fromPage(), origin: undefined, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('takes API calls as JSON POSTs only', async () => {
    expect((await call(`${base}/api/app:info`, { headers: fromPage() })).status).toBe(405);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp']) {
      expect((await api('app:info', undefined, { ...fromPage(), 'content-type': type })).status, type).toBe(415);
    }
    expect((await api('app:info', undefined, { ...fromPage(), 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });

  it('validates payloads as the Electron handlers do', async () => {
    const answer = await api('documents:search', { requestId: 'r1', nhsNumber: '9990000018', extra: true });
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('refuses unknown channels', async () => {
    expect((await api('shell:exec', {})).status).toBe(403);
  });

  it('serves bundle files but nothing outside the renderer folder', async () => {
    expect((await call(`${base}/assets/app.js`, { headers: { cookie } })).status).toBe(200);
    expect((await call(`${base}/assets/app.js`)).status).toBe(401);
    expect((await call(`${base}/..%2f..%2fpackage.json`, { headers: { cookie } })).status).toBe(404);
  });

  it('serves a bridge script that defines window.documentStore', async () => {
    const bridge = await call(`${base}/bridge.js`, { headers: { cookie } });
    expect(bridge.status).toBe(200);
    expect(bridge.body).toContain('documentStore');
  });

  it('opens the event stream only for its own page', async () => {
    expect((await call(`${base}/events`, { headers: { cookie } })).status).toBe(403);
    expect((await call(`${base}/events`, { headers: { cookie, 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
  });

  it('streams progress events while a search runs', async () => {
    const events: string[] = [];
    await new Promise<void>((connected) => {
      const stream = request(`${base}/events`, { headers: { cookie, 'sec-fetch-site': 'same-origin' } }, (response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          events.push(chunk);
          connected();
        });
      });
      streams.push(stream);
      stream.end();
    });
    const answer = await api('documents:search', { requestId: 'r-events', nhsNumber: '9990000034' });
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { total: 1_470 } });
    expect(events.join('')).toContain('event: documents:search-progress');
    expect(events.join('')).toContain('"requestId":"r-events"');
  });
});
