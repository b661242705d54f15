// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setupBackend, type Backend } from '../../main/setup/backend.js';
import { parsePolicy } from '../../main/config/policy.js';
import { buildDiagnostics, safeUrl } from '../../main/diagnostics.js';
import { openLogger } from '../../main/logging/logger.js';
import { createAppServices } from '../../main/services.js';

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLESESSIONTOKENvalue1234567890';
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const PROXY_PASSWORD = 'p%40ss%3Aword';
const UNREACHABLE = 'https://127.0.0.1:9';
const FILE_NAMES = ['Lettre de l’hôpital – Zoë Müller.pdf', 'CON.pdf', 'Scan(1).pdf'];

describe('"Copy diagnostics"', () => {
  let dataDir: string;
  let backend: Backend;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'docstore-diagnostics-'));
    const policy = parsePolicy({ region: 'eu-west-2', zipBucket: 'prod-zip', saveFolder: { path: '/srv/records', locked: true } }, 'linux');
    if (!policy.ok) {
      throw new Error(policy.error.message);
    }
    const opened = await setupBackend(
      {
        DOCSTORE_ENV: 'test',
        DOCSTORE_DATA_DIR: dataDir,
        AWS_ENDPOINT_URL_DYNAMODB: UNREACHABLE,
        AWS_ENDPOINT_URL_S3: UNREACHABLE,
        AWS_ENDPOINT_URL_SQS: 'https://svc:hunter2@127.0.0.1:9/?X-Amz-Signature=abc123',
        AWS_ACCESS_KEY_ID: ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY: SECRET_KEY,
        AWS_SESSION_TOKEN: SESSION_TOKEN,
        DOCSTORE_PROXY_URL: `http://svc-docstore:${PROXY_PASSWORD}@proxy.example.nhs.uk:8080`,
      },
      { policy: policy.value },
    );
    if (!opened.ok) {
      throw new Error(opened.error.message);
    }
    backend = opened.value;
  });
  afterEach(async () => {
    await backend.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('describes the app and its set-up with no credential, NHS number or file name', async () => {
    const logger = openLogger(dataDir);
    // What a day's log may hold: searches and downloads by NHS number, errors naming files and paths.
    logger.info('search.start', { nhsNumber: '999 000 0018' });
    logger.info('download.start', { nhsNumber: '9990000018', folder: '/home/user/Patients/Zoë Müller' });
    for (const fileName of FILE_NAMES) {
      logger.warn('document.missing', { fileName, message: `GetObject failed for a document of 9990000026 at /home/user/Downloads/${fileName}` });
    }
    const error = new Error(`ENOENT: no such file or directory, open '/srv/records/patient-record-9990000018 ${FILE_NAMES[0] ?? ''}'`);
    logger.error('unexpected-error', { error, note: 'patient 999-000-0034 at /home/user/Downloads/Scan(1).pdf' });
    const services = createAppServices(backend, { logger });

    const text = await services.diagnostics();

    for (const secret of [SECRET_KEY, SESSION_TOKEN, ACCESS_KEY, PROXY_PASSWORD, 'p@ss', 'hunter2', 'abc123', 'X-Amz-Signature']) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/999[\s-]*000[\s-]*00(18|26|34)/);
    for (const name of [...FILE_NAMES, 'Zoë', 'Müller', 'Patients', 'Scan(1)']) {
      expect(text).not.toContain(name);
    }
    expect(text).toContain('Document Store Desktop diagnostics');
    expect(text).toMatch(/App version: \d+\.\d+\.\d+/);
    expect(text).toContain(`Node.js: ${process.version}`);
    expect(text).toContain(`Architecture: ${process.arch}`);
    expect(text).toContain('Environment: test');
    expect(text).toContain('Region: eu-west-2');
    expect(text).toContain('Sandbox: no');
    expect(text).toContain('Managed by policy: yes');
    expect(text).toContain('Locked by policy: region, zipBucket, saveFolder');
    expect(text).toContain('Save folder from policy: /srv/records (locked)');
    expect(text).toContain(`DynamoDB endpoint: ${UNREACHABLE}/ (configured)`);
    expect(text).toContain('Proxy: http://proxy.example.nhs.uk:8080/ (credentials not shown)');
    expect(text).toContain(`Data folder: ${dataDir}`);
    expect(text).toContain('Archive entries: not available');
    expect(text).toContain('Audit events waiting to be sent: 0');
    expect(text).toMatch(/"event":"search\.start","fields":\{"nhsNumber":"nhs#[0-9a-f]{8}"\}/);
    expect(text).toMatch(/"fileName":"file#[0-9a-f]{8}\.pdf"/);
  });

  it('keeps only the last 100 log lines, and counts the archive and the outbox', async () => {
    const logger = openLogger(dataDir);
    for (let index = 0; index < 150; index += 1) {
      logger.info('step', { index });
    }
    const text = await buildDiagnostics({
      config: backend.config,
      policy: { managed: false, locked: [], saveFolder: undefined },
      builtInSandbox: false,
      logger,
      archiveEntries: () => 7,
      pendingAuditEvents: () => Promise.resolve(2),
      now: new Date('2026-01-01T00:00:00.000Z'),
      runtime: { electron: '45.5.0', chrome: '140.0.0.0', node: 'v22.0.0', os: 'Windows_NT 10.0.22631 (win32)', arch: 'x64' },
    });
    expect(text).toContain('Generated: 2026-01-01T00:00:00.000Z');
    expect(text).toContain('Electron: 45.5.0');
    expect(text).toContain('Operating system: Windows_NT 10.0.22631 (win32)');
    expect(text).toContain('Managed by policy: no');
    expect(text).toContain('Locked by policy: none');
    expect(text).toContain('Archive entries: 7');
    expect(text).toContain('Audit events waiting to be sent: 2');
    const logLines = text.split('\n').filter((line) => line.startsWith('{"time"'));
    expect(logLines).toHaveLength(100);
    expect(logLines.at(-1)).toContain('"index":149');
  });

  it('reports an archive it cannot read without failing, and masks the reason', async () => {
    const logger = openLogger(dataDir);
    const text = await buildDiagnostics({
      config: backend.config,
      policy: backend.policy,
      builtInSandbox: false,
      logger,
      archiveEntries: () => {
        throw new Error('The archive index /home/user/.config/x/archive-index.json for 9990000018 is damaged');
      },
      pendingAuditEvents: () => Promise.reject(new Error('EACCES')),
    });
    expect(text).toMatch(/Archive entries: not available \(The archive index …\/file#[0-9a-f]{8}/);
    expect(text).not.toContain('9990000018');
    expect(text).toContain('Audit events waiting to be sent: not available (EACCES)');
  });

  it('shows URLs without their user, password, query or fragment', () => {
    expect(safeUrl('https://user:secret@proxy.example:8443/path?token=abc#frag')).toBe('https://proxy.example:8443/path (credentials not shown)');
    expect(safeUrl('https://sqs.eu-west-2.amazonaws.com/123456789012/prod-sensitive-audit')).toBe('https://sqs.eu-west-2.amazonaws.com/123456789012/prod-sensitive-audit');
    expect(safeUrl('not a url')).toBe('(not a valid URL)');
  });
});
