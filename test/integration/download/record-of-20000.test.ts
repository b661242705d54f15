/**
 * A record of 20,000 documents with random ids, as the largest Lloyd George records reach: every one found and
 * delivered, the audit in parts that each fit the queue in UTF-8 bytes, and a trace row far under DynamoDB's limit.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../main/setup/backend.js';
import type { DownloadSummary } from '../../../common/download.js';
import { type QueuedAuditPart, downloadAuditPartsOf } from '../../support/download-audit-parts.js';
import { type DownloadFixture, openDownloadFixture, readZip } from '../../support/download-fixture.js';
import { type LargePatient, seedLargePatient } from '../../support/large-patient.js';
import { openSandboxBackend } from '../../support/sandbox-backend.js';
import { createSizedQueue, drainQueue } from '../audit/support/sized-queue.js';

const DOCUMENTS = 20_000;
const QUEUE_LIMIT = 262_144;
const DYNAMODB_ITEM_LIMIT = 409_600;

describe('a record of 20,000 documents', () => {
  let plain: Backend;
  let queue: Awaited<ReturnType<typeof createSizedQueue>>;
  let fixture: DownloadFixture;
  let patient: LargePatient;
  let summary: DownloadSummary;
  let entryCount: number;
  let parts: QueuedAuditPart[];

  beforeAll(async () => {
    plain = await openSandboxBackend();
    queue = await createSizedQueue(plain, QUEUE_LIMIT);
    patient = await seedLargePatient(plain, { documents: DOCUMENTS, fileNameOf: (index) => `Continuation sheet ${index + 1}.pdf`, documentBytes: 64 });
    fixture = await openDownloadFixture({ DOCSTORE_AUDIT_QUEUE_URL: queue.url });
    const result = await fixture.services.download({ nhsNumber: patient.nhsNumber, folder: fixture.folder });
    if (!result.ok) {
      throw new Error(`${result.error.code}: ${result.error.message}`);
    }
    summary = result.value;
    entryCount = (await readZip(summary.file)).length;
    parts = downloadAuditPartsOf(await drainQueue(plain, queue.url));
  }, 900_000);
  afterAll(async () => {
    await fixture.services.traceCopies?.idle();
    await fixture.close();
    await queue.remove();
    await plain.close();
  });

  it('delivers every document, found by the index whatever their ids', () => {
    expect(summary.included).toHaveLength(DOCUMENTS);
    expect(summary.missing).toEqual([]);
    expect(new Set(summary.included.map((document) => document.id))).toEqual(new Set(patient.ids));
    expect(entryCount).toBe(DOCUMENTS + 1);
  });

  it('audits every document once, in parts that each fit the queue', () => {
    expect(parts.length).toBeGreaterThan(1);
    for (const { wireBytes } of parts) {
      expect(wireBytes).toBeLessThanOrEqual(QUEUE_LIMIT);
    }
    const listed = parts.flatMap(({ body }) => body.fileMetadataList.map((file) => file.id));
    expect(listed).toHaveLength(DOCUMENTS);
    expect(new Set(listed).size).toBe(DOCUMENTS);
  });

  it('keeps the trace row a count and a pointer, far under DynamoDB’s item limit', async () => {
    const { Item } = await plain.clients.dynamo.send(new GetCommand({ TableName: plain.config.zipTraceTable, Key: { ID: summary.traceId } }));
    expect(Item).toMatchObject({ DocumentCount: DOCUMENTS });
    const bytes = Buffer.byteLength(JSON.stringify(Item), 'utf8');
    expect(bytes).toBeLessThan(DYNAMODB_ITEM_LIMIT / 100);
  });
});
