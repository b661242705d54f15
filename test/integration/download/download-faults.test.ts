import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { chmod, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { DOWNLOAD_DESCRIPTION, SAVED_DESCRIPTION } from '../../../main/audit/audit-messages.js';
import type { DownloadResult } from '../../../main/download/download-job.js';
import { parseS3Location } from '../../../main/download/s3-location.js';
import type { DownloadPhase, DownloadProgress, DownloadSummary } from '../../../common/download.js';
import type { Manifest } from '../../../common/manifest.js';
import { createOwnAuditQueue } from '../../support/audit-queue.js';
import { type CuttingProxy, startCuttingProxy } from '../../support/cutting-proxy.js';
import { startFreezingProxy } from '../../support/freezing-proxy.js';
import {
  type DownloadFixture,
  type TestDocument,
  listKeys,
  openDownloadFixture,
  readObject,
  readZip,
  seedTestPatient,
  ownZipBucket,
  sha256Of,
  traceRowsFor,
} from '../../support/download-fixture.js';
import { sandboxEnv, suiteSandbox } from '../../support/sandbox-backend.js';

const MIXED = '9990000042';
const EMPTY = '9990000069';
const KIB = 1024;
const MIB = 1024 * KIB;

describe('download faults a user can notice, and what they leave behind', () => {
  // A plain backend on the sandbox, for seeding and for looking at what a job left behind.
  const suite = suiteSandbox();
  const { cleanUps } = suite;

  /**
   * An audit queue of the test's own, deleted afterwards. Events left on the shared queue would crowd out the events
   * other test files wait for (they read ten at a time and hand back what is not theirs).
   */
  async function ownAuditQueue(): Promise<string> {
    const queue = await createOwnAuditQueue();
    cleanUps.push(() => queue.remove());
    return queue.url;
  }

  /** Opens the fixture on the given variables; unless they name an audit queue, on a queue of the test's own. */
  async function openFixture(overrides: Record<string, string>): Promise<DownloadFixture & { readonly auditQueueUrl: string }> {
    const auditQueueUrl = overrides.DOCSTORE_AUDIT_QUEUE_URL ?? (await ownAuditQueue());
    // These faults are those of the seed's order (the ZIP uploaded, then downloaded back): pinned to it.
    const fixture = await openDownloadFixture({ DOCSTORE_AUDIT_QUEUE_URL: auditQueueUrl, DOCSTORE_TRACE_COPY: 'before-save', ...overrides });
    cleanUps.push(() => fixture.close());
    return Object.assign(fixture, { auditQueueUrl });
  }

  /** Takes every event off a queue of the test's own. Sends finish before the job returns, so no waiting is needed. */
  async function drainAuditEvents(queueUrl: string): Promise<Array<{ nhsNumber?: string; description?: string }>> {
    const events: Array<{ nhsNumber?: string; description?: string }> = [];
    for (;;) {
      const { Messages = [] } = await suite.backend.clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 60 }),
      );
      if (Messages.length === 0) {
        return events;
      }
      events.push(...Messages.map((message) => JSON.parse(message.Body ?? 'null') as { nhsNumber?: string; description?: string }));
      await suite.backend.clients.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
        }),
      );
    }
  }

  /** A proxy in front of the sandbox's S3 endpoint. */
  async function s3Proxy(): Promise<CuttingProxy> {
    const proxy = await startCuttingProxy(suite.backend.config.endpoints.s3 ?? '');
    cleanUps.push(() => proxy.close());
    return proxy;
  }

  function randomPdf(fileName: string, bytes: number): TestDocument {
    return { fileName, bytes: randomBytes(bytes), contentType: 'application/pdf' };
  }

  function summaryOf(result: DownloadResult): DownloadSummary {
    if (!result.ok) {
      throw new Error(`expected a saved download, got ${result.error.code}: ${result.error.message}`);
    }
    return result.value;
  }

  function errorOf(result: DownloadResult): { code: string; message: string } {
    if (result.ok) {
      throw new Error(`expected a failure, but ${result.value.file} was saved`);
    }
    return result.error;
  }

  async function manifestOf(zipPath: string): Promise<Manifest> {
    const entry = (await readZip(zipPath)).find((candidate) => candidate.name === 'manifest.json');
    return JSON.parse(entry?.bytes.toString('utf8') ?? 'null') as Manifest;
  }

  it('saves the available documents and names the one missing from storage, in the result and the manifest', async () => {
    const bucket = await ownZipBucket(suite.backend, cleanUps);
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: bucket });

    const summary = summaryOf(await fixture.services.download({ nhsNumber: MIXED, folder: fixture.folder }));

    expect(summary.missing).toEqual([{ id: expect.any(String), fileName: 'Lost in storage.pdf', error: expect.stringMatching(/\S/) }]);
    const entries = await readZip(summary.file);
    expect(entries.map((entry) => entry.name).sort()).toEqual(['Clinic letter.pdf', 'Wound photo.png', 'manifest.json']);
    expect(summary.included.map((document) => document.fileName).sort()).toEqual(['Clinic letter.pdf', 'Wound photo.png']);
    const manifest = await manifestOf(summary.file);
    const lost = manifest.documents.find((document) => document.fileName === 'Lost in storage.pdf');
    expect(lost).toMatchObject({ status: 'missing', entryName: null, sha256: null, error: summary.missing[0]?.error });
    expect(manifest.counts.included).toBe(2);
    expect(manifest.counts.missing).toBe(1);
    expect(await readdir(fixture.folder)).toEqual([basename(summary.file)]);
    const events = await drainAuditEvents(fixture.auditQueueUrl);
    expect(events.map((event) => event.description).sort()).toEqual([DOWNLOAD_DESCRIPTION, SAVED_DESCRIPTION].sort());
  });

  it('asks once for a document missing from storage, and does not count it as done', async () => {
    const { nhsNumber, ids } = await seedTestPatient(suite.backend, [randomPdf('Clinic letter.pdf', 20 * KIB), randomPdf('Lost scan.pdf', 20 * KIB)]);
    const lostKey = ids[1] ?? '';
    await suite.backend.clients.s3.send(new DeleteObjectCommand({ Bucket: sandboxEnv().DOCSTORE_DOCUMENT_BUCKET, Key: lostKey }));
    const bucket = await ownZipBucket(suite.backend, cleanUps);
    // Not frozen here: the proxy only keeps the request lines, to count the GETs of the missing object.
    const proxy = await startFreezingProxy(suite.backend.config.endpoints.s3 ?? '');
    cleanUps.push(() => proxy.close());
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: bucket, AWS_ENDPOINT_URL_S3: proxy.url });
    const progress: DownloadProgress[] = [];

    const summary = summaryOf(await fixture.services.download({ nhsNumber, folder: fixture.folder, onProgress: (update) => progress.push(update) }));

    expect(summary.missing.map((document) => document.fileName)).toEqual(['Lost scan.pdf']);
    expect(proxy.requests.filter((line) => line.startsWith('GET ') && line.includes(lostKey))).toHaveLength(1);
    // The first update of the next phase carries the final count, whatever the throttle let through before it.
    expect(progress.find((update) => update.phase === 'uploading')).toMatchObject({ documentsTotal: 2, documentsDone: 1 });
    expect(Math.max(...progress.map((update) => update.documentsDone))).toBe(1);
  });

  it('resumes a document whose stream breaks mid-way, so its entry is whole', async () => {
    const large = randomPdf('Scanned record.pdf', 3 * MIB);
    const small = randomPdf('Referral letter.pdf', 20 * KIB);
    const { nhsNumber } = await seedTestPatient(suite.backend, [large, small]);
    const bucket = await ownZipBucket(suite.backend, cleanUps);
    const proxy = await s3Proxy();
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: bucket, AWS_ENDPOINT_URL_S3: proxy.url });
    proxy.armCut({ afterBytes: 1 * MIB });
    let cutsBeforeUpload: number | undefined;
    const onProgress = (progress: DownloadProgress): void => {
      if (progress.phase === 'uploading') {
        cutsBeforeUpload ??= proxy.cuts;
      }
    };

    const summary = summaryOf(await fixture.services.download({ nhsNumber, folder: fixture.folder, onProgress }));

    // The cut fell while the documents were read, not later while the ZIP was saved.
    expect(cutsBeforeUpload).toBe(1);
    expect(proxy.cuts).toBe(1);
    const entries = await readZip(summary.file);
    const entry = entries.find((candidate) => candidate.name === 'Scanned record.pdf');
    expect(entry?.bytes.length).toBe(large.bytes.length);
    expect(sha256Of(entry?.bytes ?? Buffer.alloc(0))).toBe(sha256Of(large.bytes));
    const manifest = await manifestOf(summary.file);
    expect(manifest.documents.find((document) => document.fileName === 'Scanned record.pdf')).toMatchObject({
      status: 'included',
      size: large.bytes.length,
      sha256: sha256Of(large.bytes),
    });
    expect(sha256Of(entries.find((candidate) => candidate.name === 'Referral letter.pdf')?.bytes ?? Buffer.alloc(0))).toBe(sha256Of(small.bytes));
  });

  it('saves nothing and deletes the ZIP when the audit queue cannot be reached', async () => {
    const bucket = await ownZipBucket(suite.backend, cleanUps);
    const fixture = await openFixture({
      DOCSTORE_ZIP_BUCKET: bucket,
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9',
      DOCSTORE_AUDIT_QUEUE_URL: 'http://127.0.0.1:9/000000000000/sandbox-sensitive-audit',
    });
    const phases: DownloadPhase[] = [];

    const error = errorOf(
      await fixture.services.download({ nhsNumber: MIXED, folder: fixture.folder, onProgress: (progress) => phases.push(progress.phase) }),
    );

    expect(error.code).toBe('audit-unavailable');
    expect(error.message).toMatch(/nothing was saved/i);
    expect(phases).toContain('auditing');
    expect(phases).not.toContain('saving');
    expect(await readdir(fixture.folder)).toEqual([]);
    expect(await listKeys(suite.backend, bucket)).toEqual([]);
  });

  it('resumes the save when the connection drops mid-file, and saves exactly the stored ZIP', async () => {
    const { nhsNumber } = await seedTestPatient(suite.backend, [randomPdf('Scan part 1.pdf', 2 * MIB), randomPdf('Scan part 2.pdf', 2 * MIB)]);
    const bucket = await ownZipBucket(suite.backend, cleanUps);
    const proxy = await s3Proxy();
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: bucket, AWS_ENDPOINT_URL_S3: proxy.url });
    let cutsWhenArmed: number | undefined;
    // Armed before the save starts: armed at the first "saving" event, the whole 4 MiB could already sit in socket
    // buffers, past the proxy, and no cut would happen. After "auditing" the save's GET is the only S3 read left.
    const onProgress = (progress: DownloadProgress): void => {
      if (progress.phase === 'auditing' && cutsWhenArmed === undefined) {
        cutsWhenArmed = proxy.cuts;
        proxy.armCut({ afterBytes: 500 * KIB });
      }
    };

    const summary = summaryOf(await fixture.services.download({ nhsNumber, folder: fixture.folder, onProgress }));

    expect(cutsWhenArmed).toBe(0);
    expect(proxy.cuts).toBe(1);
    const saved = await readFile(summary.file);
    expect(saved.length).toBe(summary.bytes);
    expect(sha256Of(saved)).toBe(summary.sha256);
    const location = parseS3Location(summary.zipLocation);
    expect(location?.bucket).toBe(bucket);
    const stored = await readObject(suite.backend, bucket, location?.key ?? '');
    expect(sha256Of(stored)).toBe(summary.sha256);
    expect(await readdir(fixture.folder)).toEqual([basename(summary.file)]);
  });

  const PHASES: DownloadPhase[] = ['querying', 'zipping', 'uploading', 'auditing', 'saving', 'verifying'];
  const BEFORE_THE_TRACE: ReadonlySet<DownloadPhase> = new Set(['querying', 'zipping', 'uploading']);

  it.each(PHASES)('a cancel while %s leaves no file and no ZIP behind', async (phase) => {
    const { nhsNumber } = await seedTestPatient(suite.backend, [
      randomPdf('Scan part 1.pdf', 1 * MIB),
      randomPdf('Scan part 2.pdf', 1 * MIB),
      randomPdf('Scan part 3.pdf', 1 * MIB),
    ]);
    const bucket = await ownZipBucket(suite.backend, cleanUps);
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: bucket });
    const controller = new AbortController();
    const seen: DownloadPhase[] = [];
    const onProgress = (progress: DownloadProgress): void => {
      seen.push(progress.phase);
      if (progress.phase === phase) {
        controller.abort();
      }
    };

    const error = errorOf(await fixture.services.download({ nhsNumber, folder: fixture.folder, signal: controller.signal, onProgress }));

    expect(seen).toContain(phase);
    expect(error.code).toBe('cancelled');
    expect(await readdir(fixture.folder)).toEqual([]);
    expect(await listKeys(suite.backend, bucket)).toEqual([]);
    const events = await drainAuditEvents(fixture.auditQueueUrl);
    expect(events.every((event) => event.nhsNumber === nhsNumber)).toBe(true);
    // Only a verified save is audited as saved.
    expect(events.map((event) => event.description)).not.toContain(SAVED_DESCRIPTION);
    if (BEFORE_THE_TRACE.has(phase)) {
      expect(await traceRowsFor(suite.backend, nhsNumber)).toEqual([]);
      expect(events.map((event) => event.description)).not.toContain(DOWNLOAD_DESCRIPTION);
    }
  });

  /** A patient of the test's own, so that trace rows and audit events for its NHS number can only be this job's. */
  async function ownPatient(): Promise<string> {
    return (await seedTestPatient(suite.backend, [randomPdf('Clinic letter.pdf', 20 * KIB)])).nhsNumber;
  }

  /** Asserts that the job stopped before reading a document: no progress, no ZIP, no trace row, no audit event. */
  async function expectNothingStarted(job: { phases: DownloadPhase[]; bucket: string; nhsNumber: string; auditQueueUrl: string }): Promise<void> {
    expect(job.phases).toEqual([]);
    expect(await listKeys(suite.backend, job.bucket)).toEqual([]);
    expect(await traceRowsFor(suite.backend, job.nhsNumber)).toEqual([]);
    expect(await drainAuditEvents(job.auditQueueUrl)).toEqual([]);
  }

  it('reserves the file name in the folder before the query, and removes the reservation once saved', async () => {
    const nhsNumber = await ownPatient();
    const bucket = await ownZipBucket(suite.backend, cleanUps);
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: bucket });
    const whileQuerying: string[][] = [];
    const onProgress = (progress: DownloadProgress): void => {
      if (progress.phase === 'querying') {
        whileQuerying.push(readdirSync(fixture.folder));
      }
    };

    const summary = summaryOf(await fixture.services.download({ nhsNumber, folder: fixture.folder, onProgress }));

    expect(whileQuerying[0]).toEqual([`patient-record-${nhsNumber}.zip.partial`]);
    expect(await readdir(fixture.folder)).toEqual([basename(summary.file)]);
  });

  it('says the folder is read-only before anything is uploaded or audited', async () => {
    const nhsNumber = await ownPatient();
    const bucket = await ownZipBucket(suite.backend, cleanUps);
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: bucket });
    // Permission bits do not stop root; sysfs refuses new files to everyone.
    const folder = process.platform === 'linux' ? '/sys' : await mkdtemp(join(tmpdir(), 'docstore-read-only-'));
    if (folder !== '/sys') {
      await chmod(folder, 0o555);
      cleanUps.push(() => chmod(folder, 0o755).then(() => rm(folder, { recursive: true, force: true })));
    }
    const before = await readdir(folder);
    const phases: DownloadPhase[] = [];

    const error = errorOf(await fixture.services.download({ nhsNumber, folder, onProgress: (progress) => phases.push(progress.phase) }));

    expect(error.code).toBe('folder-not-writable');
    expect(error.message).toContain(folder);
    expect(await readdir(folder)).toEqual(before);
    await expectNothingStarted({ phases, bucket, nhsNumber, auditQueueUrl: fixture.auditQueueUrl });
  });

  it('says the folder cannot be found before anything is uploaded or audited', async () => {
    const nhsNumber = await ownPatient();
    const bucket = await ownZipBucket(suite.backend, cleanUps);
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: bucket });
    const folder = join(fixture.folder, 'moved-away');
    const phases: DownloadPhase[] = [];

    const error = errorOf(await fixture.services.download({ nhsNumber, folder, onProgress: (progress) => phases.push(progress.phase) }));

    expect(error.code).toBe('folder-missing');
    expect(error.message).toContain(folder);
    expect(await readdir(fixture.folder)).toEqual([]);
    await expectNothingStarted({ phases, bucket, nhsNumber, auditQueueUrl: fixture.auditQueueUrl });
  });

  it('says there is nothing to download for a patient without documents', async () => {
    const bucket = await ownZipBucket(suite.backend, cleanUps);
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: bucket });

    const error = errorOf(await fixture.services.download({ nhsNumber: EMPTY, folder: fixture.folder }));

    expect(error.code).toBe('nothing-to-download');
    expect(await readdir(fixture.folder)).toEqual([]);
    expect(await listKeys(suite.backend, bucket)).toEqual([]);
  });
});
