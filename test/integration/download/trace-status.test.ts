import { randomBytes, randomUUID } from 'node:crypto';
import { DeleteBucketCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { DownloadPhase, DownloadProgress } from '../../../common/download.js';
import type { DownloadResult } from '../../../main/download/download-job.js';
import { type ZipTrace, saveZipTrace } from '../../../main/download/zip-trace.js';
import { startCuttingProxy } from '../../support/cutting-proxy.js';
import { type DownloadFixture, createTestBucket, listKeys, openDownloadFixture, seedTestPatient, traceRowsFor } from '../../support/download-fixture.js';
import { openSandboxBackend, suiteSandbox } from '../../support/sandbox-backend.js';

describe('the trace row tells the truth about the job', () => {
  // A plain backend on the sandbox, for seeding and for looking at what a job left behind.
  const suite = suiteSandbox();
  const { cleanUps } = suite;

  async function openFixture(overrides: Record<string, string> = {}): Promise<DownloadFixture> {
    const bucket = await createTestBucket(suite.backend);
    cleanUps.push(async () => {
      for (const key of await listKeys(suite.backend, bucket)) {
        await suite.backend.clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      }
      await suite.backend.clients.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    });
    const fixture = await openDownloadFixture({ DOCSTORE_ZIP_BUCKET: bucket, ...overrides });
    cleanUps.push(() => fixture.close());
    return fixture;
  }

  /** A patient of the test's own, so every trace row of its NHS number is this test's. */
  async function ownPatient(): Promise<string> {
    return (await seedTestPatient(suite.backend, [{ fileName: 'Clinic letter.pdf', bytes: randomBytes(32 * 1024) }])).nhsNumber;
  }

  function cancelWhen(phase: DownloadPhase): { signal: AbortSignal; onProgress: (progress: DownloadProgress) => void } {
    const controller = new AbortController();
    return { signal: controller.signal, onProgress: (progress) => progress.phase === phase && controller.abort() };
  }

  function codeOf(result: DownloadResult): string {
    return result.ok ? 'saved' : result.error.code;
  }

  it('is written as created for a saved download, and stays so', async () => {
    const nhsNumber = await ownPatient();
    const fixture = await openFixture();
    const result = await fixture.services.download({ nhsNumber, folder: fixture.folder });
    expect(codeOf(result)).toBe('saved');
    expect(await traceRowsFor(suite.backend, nhsNumber)).toEqual([expect.objectContaining({ Status: 'created', CorrelationId: result.ok ? result.value.correlationId : '' })]);
  });

  it('is marked failed when the job fails after writing it (the audit queue cannot be reached)', async () => {
    const nhsNumber = await ownPatient();
    const fixture = await openFixture({
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9',
      DOCSTORE_AUDIT_QUEUE_URL: 'http://127.0.0.1:9/000000000000/sandbox-sensitive-audit',
    });
    const result = await fixture.services.download({ nhsNumber, folder: fixture.folder });
    expect(codeOf(result)).toBe('audit-unavailable');
    expect(await traceRowsFor(suite.backend, nhsNumber)).toEqual([expect.objectContaining({ Status: 'failed' })]);
  });

  // 'saving' is the seed's order (the ZIP downloaded back); single pass verifies the file it wrote instead.
  it.each([
    ['before-save', 'saving'],
    ['background', 'verifying'],
    ['none', 'verifying'],
  ] as const)('is marked cancelled when the job is cancelled after writing it (%s, cancelled while %s)', async (mode, phase) => {
    const nhsNumber = await ownPatient();
    const fixture = await openFixture({ DOCSTORE_TRACE_COPY: mode });
    const result = await fixture.services.download({ nhsNumber, folder: fixture.folder, ...cancelWhen(phase) });
    expect(codeOf(result)).toBe('cancelled');
    expect(await traceRowsFor(suite.backend, nhsNumber)).toEqual([expect.objectContaining({ Status: 'cancelled' })]);
  });

  // 'auditing' is reported as the step starts, before the row is written; 'uploading' is the seed's order only.
  it.each([
    ['before-save', 'uploading'],
    ['before-save', 'auditing'],
    ['background', 'zipping'],
    ['background', 'auditing'],
  ] as const)('is never written after a cancel (%s, cancelled while %s)', async (mode, phase) => {
    const nhsNumber = await ownPatient();
    const fixture = await openFixture({ DOCSTORE_TRACE_COPY: mode });
    const result = await fixture.services.download({ nhsNumber, folder: fixture.folder, ...cancelWhen(phase) });
    expect(codeOf(result)).toBe('cancelled');
    expect(await traceRowsFor(suite.backend, nhsNumber)).toEqual([]);
  });

  describe('a conditional write that is retried', () => {
    function trace(id: string, correlationId: string): ZipTrace {
      return {
        id,
        correlationId,
        createdAt: new Date(),
        location: 's3://sandbox-zip-store/tmp/trace-test.zip',
        ttlDays: 1,
        nhsNumber: '9990000018',
        documentIds: [],
        sha256: '0'.repeat(64),
        sizeBytes: 1,
        principal: 'test',
      };
    }

    it('is a success when the row it finds is its own: the first attempt was stored, its answer lost', async () => {
      const proxy = await startCuttingProxy(suite.backend.config.endpoints.dynamodb ?? '');
      cleanUps.push(() => proxy.close());
      const throughProxy = await openSandboxBackend({ AWS_ENDPOINT_URL_DYNAMODB: proxy.url });
      cleanUps.push(() => throughProxy.close());
      const row = trace(randomUUID(), randomUUID());
      // The answer to the first PutItem never arrives, after DynamoDB has stored the row: the SDK sends it again.
      proxy.armCut({ afterBytes: 0 });

      await saveZipTrace(throughProxy.clients.dynamo, suite.backend.config.zipTraceTable, row);

      expect(proxy.cuts).toBe(1);
      const { Item } = await suite.backend.clients.dynamo.send(new GetCommand({ TableName: suite.backend.config.zipTraceTable, Key: { ID: row.id } }));
      expect(Item).toMatchObject({ ID: row.id, CorrelationId: row.correlationId, Status: 'created' });
    });

    it('still fails when the row it finds is another job\'s, and leaves that row as it was', async () => {
      const id = randomUUID();
      const theirs = { ID: id, CorrelationId: randomUUID(), Status: 'created' };
      await suite.backend.clients.dynamo.send(new PutCommand({ TableName: suite.backend.config.zipTraceTable, Item: theirs }));

      await expect(saveZipTrace(suite.backend.clients.dynamo, suite.backend.config.zipTraceTable, trace(id, randomUUID()))).rejects.toMatchObject({
        name: 'ConditionalCheckFailedException',
      });
      const { Item } = await suite.backend.clients.dynamo.send(new GetCommand({ TableName: suite.backend.config.zipTraceTable, Key: { ID: id } }));
      expect(Item).toEqual(theirs);
    });
  });
});
