import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOTHING_TO_DOWNLOAD_DESCRIPTION, SAVED_DESCRIPTION } from '../../../main/audit/audit-messages.js';
import type { DownloadResult } from '../../../main/download/download-job.js';
import type { DownloadProgress } from '../../../common/download.js';
import { type DownloadFixture, listKeys, openDownloadFixture, ownZipBucket, seedTestPatient } from '../../support/download-fixture.js';
import { suiteSandbox } from '../../support/sandbox-backend.js';
import { createSizedQueue, drainQueue } from '../audit/support/sized-queue.js';

const EMPTY = '9990000069';
const REFUSED = /^The audit service refused the record of this download\. Nothing was saved\. Report this to IT with reference [0-9a-f-]{36}\.$/;

describe('what the user is told about the audit, and what is left behind', () => {
  // A plain backend on the sandbox, for seeding and for looking at what a job left behind.
  const suite = suiteSandbox();
  const { cleanUps } = suite;

  async function ownQueue(maximumMessageBytes = 262_144): Promise<string> {
    const queue = await createSizedQueue(suite.backend, maximumMessageBytes);
    cleanUps.push(() => queue.remove());
    return queue.url;
  }

  async function openFixture(overrides: Record<string, string>): Promise<DownloadFixture> {
    const fixture = await openDownloadFixture(overrides);
    cleanUps.push(() => fixture.close());
    return fixture;
  }

  function errorOf(result: DownloadResult): { code: string; message: string } {
    if (result.ok) {
      throw new Error(`expected a failure, but ${result.value.file} was saved`);
    }
    return result.error;
  }

  it('says the audit service refused the record, once, when the queue does not exist, and saves nothing', async () => {
    const { nhsNumber } = await seedTestPatient(suite.backend, [{ fileName: 'Clinic letter.pdf', bytes: Buffer.from('%PDF-1.4 letter') }]);
    const bucket = await ownZipBucket(suite.backend, cleanUps);
    const missingQueue = (await ownQueue()).replace(/[^/]+$/, 'no-such-audit-queue');
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: bucket, DOCSTORE_AUDIT_QUEUE_URL: missingQueue });
    let batchSends = 0;
    fixture.backend.clients.sqs.middlewareStack.add(
      (next, context) => (args) => {
        batchSends += context.commandName === 'SendMessageBatchCommand' ? 1 : 0;
        return next(args);
      },
      { step: 'initialize', name: 'countBatchSends' },
    );

    const error = errorOf(await fixture.services.download({ nhsNumber, folder: fixture.folder }));

    expect(error.code).toBe('audit-refused');
    expect(error.message).toMatch(REFUSED);
    expect(error.message).not.toMatch(/connection/i);
    expect(batchSends).toBe(1);
    expect(await readdir(fixture.folder)).toEqual([]);
    expect(await listKeys(suite.backend, bucket)).toEqual([]);
  });

  it('says the audit service refused the record when one document cannot fit the queue, without sending any part', async () => {
    const longName = `${'Überweisung Kardiologie 心電図 '.repeat(40)}.pdf`;
    const { nhsNumber } = await seedTestPatient(suite.backend, [{ fileName: longName, bytes: Buffer.from('%PDF-1.4 long') }]);
    const bucket = await ownZipBucket(suite.backend, cleanUps);
    const queueUrl = await ownQueue(1_024);
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: bucket, DOCSTORE_AUDIT_QUEUE_URL: queueUrl });

    const error = errorOf(await fixture.services.download({ nhsNumber, folder: fixture.folder }));

    expect(error.code).toBe('audit-refused');
    expect(error.message).toMatch(REFUSED);
    expect(await readdir(fixture.folder)).toEqual([]);
    expect(await listKeys(suite.backend, bucket)).toEqual([]);
    expect(await drainQueue(suite.backend, queueUrl)).toEqual([]);
  });

  it('reports "saved" when the outbox cannot be written after the file is placed, keeps the ZIP, and sends the event later', async () => {
    const { nhsNumber } = await seedTestPatient(suite.backend, [{ fileName: 'Clinic letter.pdf', bytes: Buffer.from('%PDF-1.4 letter') }]);
    const bucket = await ownZipBucket(suite.backend, cleanUps);
    const queueUrl = await ownQueue();
    // The seed's order: its ZIP stays in S3, and the event is held while the ZIP is downloaded back.
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: bucket, DOCSTORE_AUDIT_QUEUE_URL: queueUrl, DOCSTORE_TRACE_COPY: 'before-save' });
    const outbox = join(fixture.dataDir, 'audit-outbox');
    let heldWhileSaving: string[] | undefined;
    // While the file is saved the "saved" event is held; then the outbox folder becomes a file, so every later
    // outbox write and flush fails.
    const onProgress = (progress: DownloadProgress): void => {
      if (progress.phase === 'saving' && heldWhileSaving === undefined) {
        heldWhileSaving = readdirSync(outbox);
        renameSync(outbox, `${outbox}-aside`);
        writeFileSync(outbox, 'not a folder');
      }
    };

    const result = await fixture.services.download({ nhsNumber, folder: fixture.folder, onProgress });

    expect(heldWhileSaving).toEqual([expect.stringMatching(/\.pending$/)]);
    if (!result.ok) {
      throw new Error(`expected a save, got ${result.error.code}: ${result.error.message}`);
    }
    expect(await readdir(fixture.folder)).toEqual([basename(result.value.file)]);
    expect(await listKeys(suite.backend, bucket)).toHaveLength(1);

    await rm(outbox);
    await rename(`${outbox}-aside`, outbox);
    await fixture.services.flushAudit();
    const saved = (await drainQueue(suite.backend, queueUrl)).map((message) => JSON.parse(message.body) as Record<string, unknown>).filter((body) => body.description === SAVED_DESCRIPTION);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ correlationId: result.value.correlationId, sha256: result.value.sha256 });
    expect(saved[0]).not.toHaveProperty('confirmed');
    expect(await readdir(outbox)).toEqual([]);
  });

  it('audits a download that found nothing to download, through the outbox', async () => {
    const queueUrl = await ownQueue();
    const fixture = await openFixture({ DOCSTORE_AUDIT_QUEUE_URL: queueUrl });

    const error = errorOf(await fixture.services.download({ nhsNumber: EMPTY, folder: fixture.folder }));
    await fixture.services.flushAudit();

    expect(error.code).toBe('nothing-to-download');
    const events = (await drainQueue(suite.backend, queueUrl)).map((message) => JSON.parse(message.body) as Record<string, unknown>);
    expect(events).toEqual([
      expect.objectContaining({ description: NOTHING_TO_DOWNLOAD_DESCRIPTION, nhsNumber: EMPTY, excludedCount: 0, correlationId: expect.any(String) }),
    ]);
  });
});
