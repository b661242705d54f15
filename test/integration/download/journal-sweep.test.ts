import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DownloadProgress } from '../../../common/download.js';
import { saveZipTrace } from '../../../main/download/zip-trace.js';
import { type JournalRecord, journalFolder, readJournal } from '../../../main/jobs/job-journal.js';
import { sweepInterruptedJobs } from '../../../main/jobs/sweep-interrupted-jobs.js';
import { silentLogger } from '../../../main/logging/logger.js';
import type { Backend } from '../../../main/setup/backend.js';
import { createTestBucket, listKeys, openDownloadFixture, seedTestPatient } from '../../support/download-fixture.js';
import { openSandboxBackend } from '../../support/sandbox-backend.js';

const MIB = 1024 * 1024;

/** The id of a process that has ended: what a crashed job's entry names. */
function endedPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

function recordingLogger() {
  return { ...silentLogger(), info: vi.fn(), warn: vi.fn() };
}

describe('the start-up sweep of jobs a crash cut short', () => {
  let dataDir: string;
  let folder: string;
  let backend: Backend;
  let bucket: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sweep-data-'));
    folder = await mkdtemp(join(tmpdir(), 'sweep-saves-'));
    backend = await openSandboxBackend({ DOCSTORE_DATA_DIR: dataDir });
    bucket = await createTestBucket(backend);
    await backend.clients.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  });
  afterEach(async () => {
    await rm(journalFolder(dataDir), { recursive: true, force: true });
  });
  afterAll(async () => {
    const { s3 } = backend.clients;
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    for (const upload of uploads.Uploads ?? []) {
      await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }));
    }
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    for (const version of [...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])]) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: version.Key, VersionId: version.VersionId }));
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    await backend.close();
    await Promise.all([dataDir, folder].map((path) => rm(path, { recursive: true, force: true })));
  });

  async function writeEntry(record: JournalRecord): Promise<string> {
    await mkdir(journalFolder(dataDir), { recursive: true });
    const file = join(journalFolder(dataDir), `${record.correlationId}.json`);
    await writeFile(file, JSON.stringify(record));
    return file;
  }

  function crashedJob(fields: Partial<JournalRecord>): JournalRecord {
    return { correlationId: randomUUID(), pid: endedPid(), host: hostname(), startedAt: new Date().toISOString(), ...fields };
  }

  /** A multipart upload with one part sent, as a job leaves it when the process dies mid-upload. */
  async function startedUpload(key: string): Promise<string> {
    const { s3 } = backend.clients;
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: randomBytes(5 * MIB) }));
    return UploadId ?? '';
  }

  async function uploadsListed(): Promise<Array<{ key: string; uploadId: string }>> {
    const page = await backend.clients.s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'tmp/' }));
    return (page.Uploads ?? []).map((upload) => ({ key: upload.Key ?? '', uploadId: upload.UploadId ?? '' }));
  }

  async function versionsOf(key: string): Promise<number> {
    const page = await backend.clients.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
    return [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].filter((version) => version.Key === key).length;
  }

  it('removes the partial file, the multipart upload, the ZIP and marks the trace row a crashed job named, and nothing else', async () => {
    const { s3 } = backend.clients;
    const crashedPartial = join(folder, 'patient-record-9990000018.zip.partial');
    const otherPartial = join(folder, 'patient-record-9990000026.zip.partial');
    await writeFile(crashedPartial, randomBytes(1024));
    await writeFile(otherPartial, randomBytes(1024));
    const crashedKey = `tmp/${randomUUID()}.zip`;
    const crashedUpload = await startedUpload(crashedKey);
    // Beside it under the same prefix: another upload of the same key, and an upload of another key.
    const sameKeyUpload = await startedUpload(crashedKey);
    const otherKey = `tmp/${randomUUID()}.zip`;
    const otherUpload = await startedUpload(otherKey);
    const storedKey = `tmp/${randomUUID()}.zip`;
    const stored = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: storedKey, Body: randomBytes(1024) }));
    const keptKey = `tmp/${randomUUID()}.zip`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: keptKey, Body: randomBytes(1024) }));

    const uploading = crashedJob({ partialPath: crashedPartial, zip: { bucket, key: crashedKey, uploadId: crashedUpload } });
    const saving = crashedJob({ zip: { bucket, key: storedKey, versionId: stored.VersionId }, traceId: randomUUID() });
    await saveZipTrace(backend.clients.dynamo, backend.config.zipTraceTable, {
      id: saving.traceId ?? '',
      correlationId: saving.correlationId,
      createdAt: new Date(),
      location: `s3://${bucket}/${storedKey}`,
      ttlDays: 1,
      nhsNumber: '9990000018',
      documentIds: [],
      sha256: '0'.repeat(64),
      sizeBytes: 1024,
      principal: 'test',
    });
    await writeEntry(uploading);
    await writeEntry(saving);
    const logger = recordingLogger();

    await sweepInterruptedJobs(backend, logger);

    expect(await readdir(folder)).toEqual(['patient-record-9990000026.zip.partial']);
    expect(await uploadsListed()).toEqual(
      expect.arrayContaining([
        { key: crashedKey, uploadId: sameKeyUpload },
        { key: otherKey, uploadId: otherUpload },
      ]),
    );
    expect((await uploadsListed()).map((upload) => upload.uploadId)).not.toContain(crashedUpload);
    expect(await versionsOf(storedKey)).toBe(0);
    expect(await listKeys(backend, bucket)).toContain(keptKey);
    const { Item } = await backend.clients.dynamo.send(new GetCommand({ TableName: backend.config.zipTraceTable, Key: { ID: saving.traceId } }));
    expect(Item).toMatchObject({ CorrelationId: saving.correlationId, Status: 'failed' });
    expect((await readJournal(dataDir)).entries).toEqual([]);
    expect(logger.info).toHaveBeenCalledWith('jobs.sweep', expect.objectContaining({ correlationId: uploading.correlationId, partialFile: crashedPartial, upload: crashedUpload }));
    expect(logger.info).toHaveBeenCalledWith('jobs.sweep', expect.objectContaining({ correlationId: saving.correlationId, traceId: saving.traceId }));
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('leaves the entry of a job still running (this process, or another computer\'s) and all it names', async () => {
    const livePartial = join(folder, 'patient-record-9990000034.zip.partial');
    await writeFile(livePartial, 'live');
    const live = await writeEntry(crashedJob({ pid: process.pid, partialPath: livePartial }));
    const elsewhere = await writeEntry(crashedJob({ host: `not-${hostname()}`, partialPath: livePartial }));

    await sweepInterruptedJobs(backend, recordingLogger());

    expect(await readdir(folder)).toContain('patient-record-9990000034.zip.partial');
    expect((await readJournal(dataDir)).entries.map((entry) => entry.file).sort()).toEqual([live, elsewhere].sort());
    await rm(livePartial);
  });

  it('never removes a file the job could not have reserved, and drops an entry it cannot read without acting on it', async () => {
    const notes = join(folder, 'notes.txt');
    await writeFile(notes, 'the user\'s own file');
    await writeEntry(crashedJob({ partialPath: notes }));
    await writeFile(join(journalFolder(dataDir), 'torn.json'), '{"correlationId":');
    const logger = recordingLogger();

    await sweepInterruptedJobs(backend, logger);

    expect(await readdir(folder)).toContain('notes.txt');
    expect(await readdir(journalFolder(dataDir))).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith('jobs.sweep-unreadable-entry', expect.objectContaining({ file: join(journalFolder(dataDir), 'torn.json') }));
    await rm(notes);
  });
});

describe('a download\'s journal entry', () => {
  it('names the partial file, the ZIP and the trace row while the job runs, and is gone once it is saved or cancelled', async () => {
    const plain = await openSandboxBackend();
    const bucket = await createTestBucket(plain);
    // The seed's order: its journal names a ZIP and a multipart upload (single pass names its saved file instead).
    const fixture = await openDownloadFixture({ DOCSTORE_ZIP_BUCKET: bucket, DOCSTORE_TRACE_COPY: 'before-save' });
    try {
      const { nhsNumber } = await seedTestPatient(plain, [{ fileName: 'Clinic letter.pdf', bytes: randomBytes(64 * 1024) }]);
      const whileSaving: Array<Promise<Awaited<ReturnType<typeof readJournal>>>> = [];
      const onProgress = (progress: DownloadProgress): void => {
        if (progress.phase === 'saving' && whileSaving.length === 0) {
          whileSaving.push(readJournal(fixture.dataDir));
        }
      };

      const saved = await fixture.services.download({ nhsNumber, folder: fixture.folder, onProgress });

      if (!saved.ok) {
        throw new Error(saved.error.message);
      }
      const seen = await whileSaving[0];
      expect(seen?.entries).toEqual([
        {
          file: expect.any(String),
          record: expect.objectContaining({
            correlationId: saved.value.correlationId,
            pid: process.pid,
            partialPath: `${saved.value.file}.partial`,
            zip: expect.objectContaining({ bucket, key: saved.value.zipLocation.replace(`s3://${bucket}/`, '') }),
            traceId: saved.value.traceId,
          }),
        },
      ]);
      expect((await readJournal(fixture.dataDir)).entries).toEqual([]);

      const controller = new AbortController();
      const cancelled = await fixture.services.download({
        nhsNumber,
        folder: fixture.folder,
        signal: controller.signal,
        onProgress: (progress) => progress.phase === 'saving' && controller.abort(),
      });
      expect(cancelled).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      expect((await readJournal(fixture.dataDir)).entries).toEqual([]);
    } finally {
      await fixture.close();
      for (const key of await listKeys(plain, bucket)) {
        await plain.clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      }
      await plain.clients.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
      await plain.close();
    }
  });

  it('names the ZIP before any byte is sent, and the multipart upload once S3 gives its id', async () => {
    const plain = await openSandboxBackend();
    const bucket = await createTestBucket(plain);
    // The seed's order: its journal names a ZIP and a multipart upload (single pass names its saved file instead).
    const fixture = await openDownloadFixture({ DOCSTORE_ZIP_BUCKET: bucket, DOCSTORE_TRACE_COPY: 'before-save' });
    try {
      const { nhsNumber } = await seedTestPatient(plain, [
        { fileName: 'Scan part 1.pdf', bytes: randomBytes(4 * MIB) },
        { fileName: 'Scan part 2.pdf', bytes: randomBytes(4 * MIB) },
      ]);
      const controller = new AbortController();
      let whileZipping: Promise<Awaited<ReturnType<typeof readJournal>>> | undefined;
      const onProgress = (progress: DownloadProgress): void => {
        if (progress.phase === 'zipping' && whileZipping === undefined) {
          whileZipping = readJournal(fixture.dataDir);
        }
      };
      // Read as the first part goes out (the client waits for the read), then cancelled.
      let atFirstPart: Awaited<ReturnType<typeof readJournal>> | undefined;
      fixture.backend.clients.s3.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'UploadPartCommand' && atFirstPart === undefined) {
            atFirstPart = await readJournal(fixture.dataDir);
            controller.abort();
          }
          return next(args);
        },
        { step: 'initialize', name: 'journalAtFirstPart' },
      );

      const result = await fixture.services.download({ nhsNumber, folder: fixture.folder, signal: controller.signal, onProgress });

      expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      expect((await whileZipping)?.entries[0]).toMatchObject({ record: { zip: { bucket, key: expect.stringMatching(/^tmp\/.+\.zip$/u) } } });
      expect(atFirstPart?.entries[0]).toMatchObject({ record: { zip: { bucket, uploadId: expect.any(String) } } });
      expect((await readJournal(fixture.dataDir)).entries).toEqual([]);
    } finally {
      await fixture.close();
      for (const key of await listKeys(plain, bucket)) {
        await plain.clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      }
      await plain.clients.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
      await plain.close();
    }
  });
});
