import { createHash, randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import yauzl from 'yauzl';
import type { Backend } from '../../main/setup/backend.js';
import type { DownloadServices } from '../../main/download/download-job.js';
import { type AppServices, createAppServices } from '../../main/services.js';
import { toolGate } from '../../main/sandbox/identity/tool-gate.js';
import { checkDigitOf } from '../../common/nhs-number.js';
import { createOwnAuditQueue } from './audit-queue.js';
import { openSandboxBackend, sandboxEnv } from './sandbox-backend.js';

/** Services on the test sandbox with their own data folder and save folder, and quick retries. */
export interface DownloadFixture {
  readonly backend: Backend;
  readonly services: AppServices;
  readonly dataDir: string;
  readonly folder: string;
  close(): Promise<void>;
}

/** Opens services on the shared sandbox; variables in `overrides` replace the sandbox's own. */
export async function openDownloadFixture(
  overrides: Record<string, string> = {},
  tuning: DownloadServices['tuning'] = { retryDelaysMs: [10, 20] },
): Promise<DownloadFixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'docstore-data-'));
  const folder = await mkdtemp(join(tmpdir(), 'docstore-saves-'));
  // Unless the test names a queue, its events go to a queue of its own that nothing else reads or crowds.
  const ownQueue = overrides.DOCSTORE_AUDIT_QUEUE_URL === undefined ? await createOwnAuditQueue() : undefined;
  const backend = await openSandboxBackend({ DOCSTORE_DATA_DIR: dataDir, ...(ownQueue && { DOCSTORE_AUDIT_QUEUE_URL: ownQueue.url }), ...overrides });
  const services = createAppServices(backend, { tuning, gate: toolGate() });
  return {
    backend,
    services,
    dataDir,
    folder,
    async close() {
      await services.flushAudit();
      await backend.close();
      await ownQueue?.remove();
      await Promise.all([dataDir, folder].map((path) => rm(path, { recursive: true, force: true })));
    },
  };
}

/** One ZIP entry as read back. */
export interface ZipEntryRead {
  readonly name: string;
  readonly bytes: Buffer;
  readonly compressionMethod: number;
  readonly utf8Flag: boolean;
}

/** Reads every entry of a ZIP with yauzl, checking each entry's CRC as it goes. */
export async function readZip(path: string): Promise<ZipEntryRead[]> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: true });
  const entries: ZipEntryRead[] = [];
  try {
    for (let entry = await nextEntry(zip); entry !== null; entry = await nextEntry(zip)) {
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) {
        chunks.push(chunk as Buffer);
      }
      entries.push({
        name: entry.fileName,
        bytes: Buffer.concat(chunks),
        compressionMethod: entry.compressionMethod,
        utf8Flag: (entry.generalPurposeBitFlag & 0x800) !== 0,
      });
    }
  } finally {
    zip.close();
  }
  return entries;
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanUp = () => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => {
      cleanUp();
      resolve(entry);
    };
    const onEnd = () => {
      cleanUp();
      resolve(null);
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

/** The SHA-256 of bytes, as hex. */
export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads a whole object from S3. */
export async function readObject(backend: Backend, bucket: string, key: string): Promise<Buffer> {
  const object = await backend.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await object.Body?.transformToByteArray() ?? []);
}

/** Creates a bucket of its own for one test, so it can check exactly what a job leaves behind. */
export async function createTestBucket(backend: Backend): Promise<string> {
  const bucket = `test-zips-${randomUUID().slice(0, 8)}`;
  await backend.clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

/** A ZIP bucket of the test's own; the clean-up it registers removes it with whatever a successful job left in it. */
export async function ownZipBucket(backend: Backend, cleanUps: Array<() => Promise<void>>): Promise<string> {
  const bucket = await createTestBucket(backend);
  cleanUps.push(async () => {
    for (const key of await listKeys(backend, bucket)) {
      await backend.clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    }
    await backend.clients.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  });
  return bucket;
}

/** Every DocumentZipTrace row of a patient (a scan of all pages: the table has no index on the NHS number). */
export async function traceRowsFor(backend: Backend, nhsNumber: string): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await backend.clients.dynamo.send(
      new ScanCommand({
        TableName: backend.config.zipTraceTable,
        FilterExpression: 'NhsNumber = :nhsNumber',
        ExpressionAttributeValues: { ':nhsNumber': nhsNumber },
        ExclusiveStartKey: start,
      }),
    );
    rows.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return rows;
}

/** The keys in a bucket. */
export async function listKeys(backend: Backend, bucket: string): Promise<string[]> {
  const listing = await backend.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listing.Contents ?? []).map((object) => object.Key ?? '');
}

/** A fresh valid NHS number from the 999 test range, far from the seeded patients. */
export function freshNhsNumber(): string {
  for (;;) {
    const firstNine = `9998${String(randomInt(0, 100_000)).padStart(5, '0')}`;
    const check = checkDigitOf(firstNine);
    if (check !== undefined) {
      return `${firstNine}${check}`;
    }
  }
}

/** A document a test seeds for its own patient. */
export interface TestDocument {
  readonly fileName: string;
  readonly bytes: Buffer;
  readonly contentType?: string;
}

/** Seeds a patient of the test's own with the given documents (uploaded, Clean); returns the NHS number and ids. */
export async function seedTestPatient(backend: Backend, documents: ReadonlyArray<TestDocument>): Promise<{ nhsNumber: string; ids: string[] }> {
  const nhsNumber = freshNhsNumber();
  const bucket = sandboxEnv().DOCSTORE_DOCUMENT_BUCKET ?? '';
  const ids = documents.map(() => randomUUID());
  const now = Date.now();
  await Promise.all(
    documents.map((document, index) =>
      backend.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: ids[index], Body: document.bytes, ContentType: document.contentType })),
    ),
  );
  await backend.clients.dynamo.send(
    new BatchWriteCommand({
      RequestItems: {
        [backend.config.metadataTable]: documents.map((document, index) => ({
          PutRequest: {
            Item: {
              ID: ids[index],
              NhsNumber: nhsNumber,
              Location: `s3://${bucket}/${ids[index] ?? ''}`,
              FileName: document.fileName,
              ContentType: document.contentType ?? 'application/pdf',
              DocumentUploaded: true,
              VirusScanResult: 'Clean',
              Indexed: new Date(now - index * 60_000).toISOString(),
            },
          },
        })),
      },
    }),
  );
  return { nhsNumber, ids };
}
