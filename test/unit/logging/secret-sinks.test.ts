// @vitest-environment node
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tell } from '../../../main/cli/command.js';
import { loadConfig } from '../../../main/config/config.js';
import { buildDiagnostics } from '../../../main/diagnostics.js';
import { createHandlers } from '../../../main/ipc/handlers.js';
import { openLogger } from '../../../main/logging/logger.js';
import { createSettings } from '../../../main/settings/settings-store.js';
import { APP_INFO, fakePlatform, fakeServices } from '../../support/ipc-fakes.js';

// Generated credentials, each in the places it turns up in real errors and settings, must not reach any sink: the log
// file, "Copy diagnostics", an error payload for the renderer, a CLI message.

const UPPER_AND_DIGITS = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
const BASE64 = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const BASE64URL = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');
// Characters a proxy password may hold in a URL's user-info without percent-encoding (RFC 3986 unreserved and sub-delims).
const PASSWORD_CHARACTERS = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&\'()*+,;=');

const chars = (alphabet: string[], minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
// Real credentials are random; fast-check's bias towards degenerate strings ("AAAA…") is kept out, as no issuer makes them.
const random = (value: string) => /[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value) && new Set(value).size >= Math.min(12, value.length / 2);

const secrets = fc.record({
  accessKeyId: fc
    .tuple(fc.constantFrom('AKIA', 'ASIA'), chars(UPPER_AND_DIGITS, 16, 16).filter((value) => new Set(value).size >= 8))
    .map(([kind, rest]) => `${kind}${rest}`),
  secretKey: chars(BASE64, 40, 40).filter(random),
  sessionToken: chars(BASE64, 100, 400).filter(random),
  proxyPassword: chars(PASSWORD_CHARACTERS, 12, 40).filter(random),
  signature: chars(Array.from('0123456789abcdef'), 64, 64).filter((value) => new Set(value).size > 8),
  bearer: fc.array(chars(BASE64URL, 12, 60).filter(random), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.')),
  oauthCode: chars(BASE64URL, 16, 64).filter(random),
  refreshToken: chars(BASE64URL, 20, 120).filter(random),
});
type Secrets = typeof secrets extends fc.Arbitrary<infer T> ? T : never;

/** An error text quoting every credential as SDKs, proxies and sign-in flows do. */
function leakyMessage(s: Secrets): string {
  const presigned =
    `https://zips.s3.eu-west-2.amazonaws.com/c1.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${s.accessKeyId}%2F20260101%2Feu-west-2%2Fs3%2Faws4_request` +
    `&X-Amz-Security-Token=${encodeURIComponent(s.sessionToken)}&X-Amz-Signature=${s.signature}&X-Amz-SignedHeaders=host`;
  return [
    `connect through http://svc-docstore:${s.proxyPassword}@proxy.example.nhs.uk:8080 failed`,
    `GET ${presigned} returned 403`,
    `The security token included in the request is invalid: ${s.sessionToken} (key ${s.accessKeyId}, secret ${s.secretKey})`,
    `AWS_ACCESS_KEY_ID=${s.accessKeyId} AWS_SECRET_ACCESS_KEY=${s.secretKey} AWS_SESSION_TOKEN=${s.sessionToken}`,
    `Authorization: AWS4-HMAC-SHA256 Credential=${s.accessKeyId}/20260101/eu-west-2/s3/aws4_request, SignedHeaders=host, Signature=${s.signature}`,
    `Proxy-Authorization: Basic ${Buffer.from(`svc-docstore:${s.proxyPassword}`).toString('base64')}`,
    `sent Bearer ${s.bearer}`,
    `redirected to http://127.0.0.1:53682/callback?code=${s.oauthCode}&state=abc`,
    `token response {"access_token":"${s.bearer}","refresh_token":"${s.refreshToken}","token_type":"Bearer"}`,
  ].join('\n');
}

/** Every secret, and every 16-character piece of the long ones (half a secret is still a leak), raw and URL-encoded. */
function leaks(text: string, s: Secrets): string[] {
  const pieces = Object.values(s).flatMap((secret) => {
    const windows = secret.length <= 16 ? [secret] : Array.from({ length: secret.length - 15 }, (_, index) => secret.slice(index, index + 16));
    return [...windows, encodeURIComponent(secret)];
  });
  return [...new Set(pieces)].filter((piece) => text.includes(piece));
}

describe('no sink shows a credential (property)', () => {
  let root: string;
  let run = 0;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'docstore-secret-sinks-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('the log file', async () => {
    await fc.assert(
      fc.asyncProperty(secrets, async (s) => {
        const dataDir = join(root, `log-${(run += 1)}`);
        const logger = openLogger(dataDir);
        logger.error('unexpected-error', { error: new Error(leakyMessage(s)) });
        logger.warn('download.end', { ok: false, note: leakyMessage(s), proxyUrl: `http://svc:${s.proxyPassword}@proxy:8080` });
        const text = await readFile(logger.file ?? '', 'utf8');
        expect(leaks(text, s)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('"Copy diagnostics"', async () => {
    await fc.assert(
      fc.asyncProperty(secrets, async (s) => {
        const dataDir = join(root, `diagnostics-${(run += 1)}`);
        const config = loadConfig({
          DOCSTORE_ENV: 'test',
          DOCSTORE_DATA_DIR: dataDir,
          DOCSTORE_ZIP_BUCKET: 'prod-zip',
          AWS_ENDPOINT_URL_DYNAMODB: 'https://127.0.0.1:9',
          AWS_ENDPOINT_URL_S3: 'https://127.0.0.1:9',
          AWS_ENDPOINT_URL_SQS: `https://svc:${s.proxyPassword}@127.0.0.1:9/?X-Amz-Signature=${s.signature}`,
          DOCSTORE_PROXY_URL: `http://svc-docstore:${s.proxyPassword}@proxy.example.nhs.uk:8080`,
        });
        if (!config.ok) {
          throw new Error(config.error.message);
        }
        const logger = openLogger(dataDir);
        logger.error('unexpected-error', { error: new Error(leakyMessage(s)) });
        const text = await buildDiagnostics({
          config: config.value,
          policy: { managed: false, locked: [], saveFolder: undefined },
          builtInSandbox: false,
          logger,
          archiveEntries: () => {
            throw new Error(leakyMessage(s));
          },
          pendingAuditEvents: () => Promise.reject(new Error(leakyMessage(s))),
        });
        expect(leaks(text, s)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it("a handler's error payload for the renderer", async () => {
    await fc.assert(
      fc.asyncProperty(secrets, async (s) => {
        const services = fakeServices({ search: () => Promise.resolve({ ok: false, error: { code: 'unreachable', message: leakyMessage(s) } }) });
        const handlers = createHandlers({ services, settings: createSettings(new Map()), platform: fakePlatform(), appInfo: () => Promise.resolve(APP_INFO) });
        const result = await handlers['documents:search']({ requestId: 'r1', nhsNumber: '9990000018' }, () => undefined);
        expect(result).toMatchObject({ ok: false, error: { code: 'unreachable' } });
        expect(leaks(JSON.stringify(result), s)).toEqual([]);
      }),
    );
  });

  it('a CLI message', () => {
    fc.assert(
      fc.property(secrets, (s) => {
        let written = '';
        const stderr = new Writable({
          write(chunk: Buffer, _encoding, done) {
            written += chunk.toString('utf8');
            done();
          },
        });
        tell({ stdout: stderr, stderr, signal: new AbortController().signal }, `The search failed: ${leakyMessage(s)}`);
        expect(written).toContain('The search failed:');
        expect(leaks(written, s)).toEqual([]);
      }),
    );
  });
});
