import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { request } from 'node:http';
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

function call(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
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
  afterAll(async () => {
    await server.close();
    await fixture.close();
    await rm(rendererRoot, { recursive: true, force: true });
  });

  const api = (channel: string, payload: unknown, headers: Record<string, string> = { cookie }) =>
    call(`${base}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ payload }) });

  it('binds to loopback and prints a URL with a secret token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('serves the page only with the token, injecting the bridge under a strict CSP', async () => {
    expect((await call(`${base}/`)).status).toBe(403);
    expect((await call(`${base}/?token=wrong`)).status).toBe(403);
    const index = await call(server.url);
    expect(index.status).toBe(200);
    expect(index.body).toContain('<script src="/bridge.js"></script>');
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(index.headers['set-cookie']).toEqual([expect.stringContaining('HttpOnly; SameSite=Strict')]);
  });

  it('answers the contract with the app handlers once the page was opened', async () => {
    expect((await api('app:info', undefined, {})).status).toBe(403);
    const info = await api('app:info', undefined);
    expect(JSON.parse(info.body)).toMatchObject({ ok: true, value: { environment: 'sandbox', sandbox: true } });
  });

  it('validates payloads as the Electron handlers do', async () => {
    const answer = await api('documents:search', { requestId: 'r1', nhsNumber: '9990000018', extra: true });
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('refuses unknown channels and other origins', async () => {
    expect((await api('shell:exec', {})).status).toBe(403);
    expect((await api('app:info', undefined, { cookie, origin: 'http://evil.example' })).status).toBe(403);
  });

  it('serves bundle files but nothing outside the renderer folder', async () => {
    expect((await call(`${base}/assets/app.js`, { headers: { cookie } })).status).toBe(200);
    expect((await call(`${base}/assets/app.js`)).status).toBe(403);
    expect((await call(`${base}/..%2f..%2fpackage.json`, { headers: { cookie } })).status).toBe(404);
  });

  it('serves a bridge script that defines window.documentStore', async () => {
    const bridge = await call(`${base}/bridge.js`, { headers: { cookie } });
    expect(bridge.status).toBe(200);
    expect(bridge.body).toContain('documentStore');
  });

  it('streams progress events while a search runs', async () => {
    const events: string[] = [];
    const stream = request(`${base}/events`, { headers: { cookie } }, (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => events.push(chunk));
    });
    stream.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const answer = await api('documents:search', { requestId: 'r-events', nhsNumber: '9990000034' });
    stream.destroy();
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { total: 1_470 } });
    expect(events.join('')).toContain('event: documents:search-progress');
    expect(events.join('')).toContain('"requestId":"r-events"');
  });
});
