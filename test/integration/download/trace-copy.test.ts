import { randomBytes } from 'node:crypto';
import { appendFile, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { DownloadSummary, TraceCopyStatus } from '../../../common/download.js';
import { PART_SIZE } from '../../../main/download/part-sizes.js';
import { crc64NvmeOf } from '../../../main/download/trace-copy/crc64-nvme.js';
import { sweepInterruptedJobs } from '../../../main/jobs/sweep-interrupted-jobs.js';
import { createTraceCopies } from '../../../main/jobs/trace-copies.js';
import { silentLogger } from '../../../main/logging/logger.js';
import { toolGate } from '../../../main/sandbox/identity/tool-gate.js';
import { createAppServices } from '../../../main/services.js';
import type { Backend } from '../../../main/setup/backend.js';
import { type DownloadFixture, listKeys, openDownloadFixture, ownZipBucket, readObject, seedTestPatient, sha256Of, traceRowsFor } from '../../support/download-fixture.js';
import { suiteSandbox } from '../../support/sandbox-backend.js';

describe('the trace copy (policy traceCopy)', () => {
  const suite = suiteSandbox();
  const { cleanUps } = suite;

  async function openFixture(mode: string, overrides: Record<string, string> = {}): Promise<DownloadFixture & { bucket: string }> {
    const bucket = overrides.DOCSTORE_ZIP_BUCKET ?? (await ownZipBucket(suite.backend, cleanUps));
    const fixture = await openDownloadFixture({ DOCSTORE_ZIP_BUCKET: bucket, DOCSTORE_TRACE_COPY: mode, ...overrides });
    cleanUps.push(async () => {
      await fixture.services.traceCopies?.stop();
      await fixture.close();
    });
    return { ...fixture, bucket };
  }

  /** A patient of the test's own; `megabytes` of incompressible document, so a ZIP over one part is multipart. */
  async function ownPatient(megabytes = 0.05): Promise<string> {
    const bytes = randomBytes(Math.round(megabytes * 1024 * 1024));
    return (await seedTestPatient(suite.backend, [{ fileName: 'Scan.pdf', bytes }])).nhsNumber;
  }

  async function saved(fixture: DownloadFixture, nhsNumber: string): Promise<DownloadSummary> {
    const result = await fixture.services.download({ nhsNumber, folder: fixture.folder });
    if (!result.ok) {
      throw new Error(result.error.message);
    }
    return result.value;
  }

  function journalOf(fixture: DownloadFixture): Promise<string[]> {
    return readdir(join(fixture.dataDir, 'jobs')).catch(() => []);
  }

  function keyOf(location: string | undefined): string {
    return (location ?? '').replace(/^s3:\/\/[^/]+\//u, '');
  }

  it.each([0.05, 12])('background: saved first, then a copy of %s MB whose full-object CRC-64/NVME matches the file', async (megabytes) => {
    const nhsNumber = await ownPatient(megabytes);
    const fixture = await openFixture('background');
    const summary = await saved(fixture, nhsNumber);
    expect(summary.traceCopy).toMatchObject({ mode: 'background', state: 'uploading', correlationId: summary.correlationId });
    await fixture.services.traceCopies?.idle();

    const file = await readFile(summary.file);
    const status = fixture.services.traceCopies?.status().find((copy) => copy.correlationId === summary.correlationId);
    expect(status).toMatchObject({ state: 'complete', checksum: `CRC64NVME:${crc64NvmeOf(file)}`, bytesUploaded: file.length });
    expect(sha256Of(await readObject(fixture.backend, fixture.bucket, keyOf(status?.location)))).toBe(sha256Of(file));
    expect(await traceRowsFor(suite.backend, nhsNumber)).toEqual([
      expect.objectContaining({ Status: 'created', CopyStatus: 'complete', CopyChecksum: `CRC64NVME:${crc64NvmeOf(file)}`, Location: status?.location, Sha256: summary.sha256 }),
    ]);
    expect(await journalOf(fixture)).toEqual([]);
    expect(fixture.services.traceCopies?.diagnostics().join('\n')).toContain('matched the saved file');
  });

  it('none: saved, no copy in S3, the trace row says so', async () => {
    const nhsNumber = await ownPatient();
    const fixture = await openFixture('none');
    const summary = await saved(fixture, nhsNumber);
    expect(summary.traceCopy).toEqual({ mode: 'none', state: 'none', correlationId: summary.correlationId });
    expect(await listKeys(suite.backend, fixture.bucket)).toEqual([]);
    const [row] = await traceRowsFor(suite.backend, nhsNumber);
    expect(row).toMatchObject({ Status: 'created', CopyStatus: 'none', Sha256: summary.sha256, DocumentCount: 1 });
    expect(row).not.toHaveProperty('Location');
    expect(await journalOf(fixture)).toEqual([]);
  });

  it('before-save: the seed order, the ZIP in S3 before the file is saved, no copy status', async () => {
    const nhsNumber = await ownPatient();
    const fixture = await openFixture('before-save');
    const summary = await saved(fixture, nhsNumber);
    expect(summary.traceCopy).toBeUndefined();
    expect(await readObject(fixture.backend, fixture.bucket, keyOf(summary.zipLocation))).toEqual(await readFile(summary.file));
    const [row] = await traceRowsFor(suite.backend, nhsNumber);
    expect(row).toMatchObject({ Status: 'created', Location: summary.zipLocation });
    expect(row).not.toHaveProperty('CopyStatus');
  });

  it('is recorded as unverified, never verified, when the store returns no checksum', async () => {
    const nhsNumber = await ownPatient();
    const fixture = await openFixture('background');
    withoutReturnedChecksums(fixture.backend);
    const summary = await saved(fixture, nhsNumber);
    await fixture.services.traceCopies?.idle();
    const status = fixture.services.traceCopies?.status().find((copy) => copy.correlationId === summary.correlationId);
    expect(status).toMatchObject({ state: 'unverified', problem: expect.stringContaining('returned no checksum') });
    expect(status).not.toHaveProperty('checksum');
    const [row] = await traceRowsFor(suite.backend, nhsNumber);
    expect(row).toMatchObject({ CopyStatus: 'unverified' });
    expect(row).not.toHaveProperty('CopyChecksum');
    expect(fixture.services.traceCopies?.diagnostics().join('\n')).toContain('UNVERIFIED');
  });

  it('a copy that fails for good leaves the file saved, retries with backoff, says failed, and completes at the next start', async () => {
    const nhsNumber = await ownPatient();
    const missingBucket = `test-zips-missing-${Date.now()}`;
    const fixture = await openFixture('background', { DOCSTORE_ZIP_BUCKET: missingBucket });
    const services = createAppServices(fixture.backend, { gate: toolGate(), tuning: { retryDelaysMs: [10, 20] }, traceCopyRetryDelaysMs: [5, 10] });
    const seen: TraceCopyStatus[] = [];
    services.traceCopies?.onChange((status) => seen.push(status));
    const result = await services.download({ nhsNumber, folder: fixture.folder });
    expect(result.ok).toBe(true);
    const summary = result.ok ? result.value : undefined;
    await services.traceCopies?.idle();

    expect(await readFile(summary?.file ?? '')).toHaveLength(summary?.bytes ?? -1);
    expect(seen.filter((status) => status.state === 'failed' && status.nextAttemptAt !== undefined)).toHaveLength(2);
    expect(services.traceCopies?.status()).toEqual([expect.objectContaining({ state: 'failed', attempts: 3, problem: expect.stringContaining('tried again when the app next starts') })]);
    expect(await traceRowsFor(suite.backend, nhsNumber)).toEqual([expect.objectContaining({ Status: 'created', CopyStatus: 'failed' })]);
    expect(await journalOf(fixture)).toHaveLength(1);

    // The next start (another process: this one counts as ended): its sweep leaves the saved file and the entry...
    await sweepInterruptedJobs(fixture.backend, silentLogger(), { isRunning: () => false });
    expect(await journalOf(fixture)).toHaveLength(1);
    expect(await readFile(summary?.file ?? '')).toHaveLength(summary?.bytes ?? -1);
    expect(await traceRowsFor(suite.backend, nhsNumber)).toEqual([expect.objectContaining({ Status: 'created' })]);
    // ...and its trace copies take the entry up, the bucket now there.
    await suite.backend.clients.s3.send(new CreateBucketCommand({ Bucket: missingBucket }));
    cleanUps.push(() => emptyAndRemove(suite.backend, missingBucket));
    const nextRun = createTraceCopies({ clients: fixture.backend.clients, config: fixture.backend.config, logger: silentLogger(), isRunning: () => false });
    expect(await nextRun.resumeInterrupted()).toBe(1);
    await nextRun.idle();
    expect(nextRun.status()).toEqual([expect.objectContaining({ state: 'complete' })]);
    expect(await traceRowsFor(suite.backend, nhsNumber)).toEqual([expect.objectContaining({ CopyStatus: 'complete' })]);
    expect(await journalOf(fixture)).toEqual([]);
  });

  it('goes on at the next start when the app quits mid-upload, keeping the parts already sent', async () => {
    const nhsNumber = await ownPatient(12);
    const fixture = await openFixture('background');
    const copies = fixture.services.traceCopies;
    // The app quits as soon as the first part is in S3.
    const stopped = new Promise<void>((resolve) => {
      copies?.onChange((status) => {
        if (status.state === 'uploading' && (status.bytesUploaded ?? 0) >= PART_SIZE) {
          resolve(copies.stop());
        }
      });
    });
    const summary = await saved(fixture, nhsNumber);
    await stopped;
    expect(await journalOf(fixture)).toHaveLength(1);
    expect(await listKeys(suite.backend, fixture.bucket)).toEqual([]);

    const sentParts = countUploadParts(fixture.backend);
    const nextRun = createTraceCopies({ clients: fixture.backend.clients, config: fixture.backend.config, logger: silentLogger(), isRunning: () => false });
    expect(await nextRun.resumeInterrupted()).toBe(1);
    await nextRun.idle();
    const file = await readFile(summary.file);
    expect(nextRun.status()).toEqual([expect.objectContaining({ state: 'complete', checksum: `CRC64NVME:${crc64NvmeOf(file)}` })]);
    // 12 MiB and a little: three parts, the first of which the quit run had sent.
    expect(sentParts()).toBeLessThan(3);
    expect(sha256Of(await readObject(fixture.backend, fixture.bucket, keyOf(summary.traceCopy?.location)))).toBe(sha256Of(file));
    const uploads = await suite.backend.clients.s3.send(new ListMultipartUploadsCommand({ Bucket: fixture.bucket }));
    expect(uploads.Uploads ?? []).toEqual([]);
    expect(await journalOf(fixture)).toEqual([]);
  });

  it('never copies a saved file that changed before the next start: failed, with why', async () => {
    const nhsNumber = await ownPatient();
    const fixture = await openFixture('background');
    await fixture.services.traceCopies?.stop();
    const summary = await saved(fixture, nhsNumber);
    await appendFile(summary.file, 'changed');
    const nextRun = createTraceCopies({ clients: fixture.backend.clients, config: fixture.backend.config, logger: silentLogger(), isRunning: () => false });
    await nextRun.resumeInterrupted();
    await nextRun.idle();
    expect(nextRun.status()).toEqual([expect.objectContaining({ state: 'failed', problem: expect.stringContaining('not the') })]);
    expect(await traceRowsFor(suite.backend, nhsNumber)).toEqual([expect.objectContaining({ Status: 'created', CopyStatus: 'failed' })]);
    expect(await listKeys(suite.backend, fixture.bucket)).toEqual([]);
    expect(await journalOf(fixture)).toEqual([]);
  });
});

/** A store that keeps no checksums: S3's answers to the copy's writes lose their checksum fields. */
function withoutReturnedChecksums(backend: Backend): void {
  backend.clients.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'PutObjectCommand' || context.commandName === 'CompleteMultipartUploadCommand') {
        const output = result.output as unknown as Record<string, unknown>;
        delete output.ChecksumCRC64NVME;
        delete output.ChecksumType;
      }
      return result;
    },
    { step: 'initialize', name: 'testDropReturnedChecksums' },
  );
}

/** Counts the UploadPart requests sent from now on. */
function countUploadParts(backend: Backend): () => number {
  let count = 0;
  backend.clients.s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'UploadPartCommand') {
        count++;
      }
      return next(args);
    },
    { step: 'initialize', name: `testCountUploadParts${Math.random()}` },
  );
  return () => count;
}

async function emptyAndRemove(backend: Backend, bucket: string): Promise<void> {
  const { DeleteObjectCommand, DeleteBucketCommand } = await import('@aws-sdk/client-s3');
  for (const key of await listKeys(backend, bucket)) {
    await backend.clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }
  await backend.clients.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}
