import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multiByteName } from '../../unit/audit/support/multi-byte-name.js';
import { DOWNLOAD_DESCRIPTION } from '../../../main/audit/audit-messages.js';
import type { DownloadAuditPart } from '../../../main/audit/audit-parts.js';
import { wireSizeBytes } from '../../../main/audit/audit-wire.js';
import type { DownloadSummary } from '../../../common/download.js';
import type { Backend } from '../../../main/setup/backend.js';
import { type DownloadFixture, freshNhsNumber, openDownloadFixture } from '../../support/download-fixture.js';
import { openSandboxBackend, sandboxEnv } from '../../support/sandbox-backend.js';
import { createSizedQueue, drainQueue } from '../audit/support/sized-queue.js';

const DOCUMENTS = 2_500;
const QUEUE_LIMIT = 262_144;

/** Seeds a patient of the test's own with `count` small documents (25 rows a BatchWrite, the DynamoDB quota). */
async function seedLargePatient(backend: Backend, count: number): Promise<string> {
  const nhsNumber = freshNhsNumber();
  const bucket = sandboxEnv().DOCSTORE_DOCUMENT_BUCKET ?? '';
  const ids = Array.from({ length: count }, () => randomUUID());
  for (let start = 0; start < count; start += 50) {
    await Promise.all(
      ids.slice(start, start + 50).map((id) => backend.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: id, Body: `%PDF-1.4 ${id}`, ContentType: 'application/pdf' }))),
    );
  }
  const now = Date.now();
  for (let start = 0; start < count; start += 25) {
    await backend.clients.dynamo.send(
      new BatchWriteCommand({
        RequestItems: {
          [backend.config.metadataTable]: ids.slice(start, start + 25).map((id, offset) => ({
            PutRequest: {
              Item: {
                ID: id,
                NhsNumber: nhsNumber,
                Location: `s3://${bucket}/${id}`,
                FileName: multiByteName(start + offset),
                ContentType: 'application/pdf',
                DocumentUploaded: true,
                VirusScanResult: 'Clean',
                Indexed: new Date(now - (start + offset) * 1_000).toISOString(),
              },
            },
          })),
        },
      }),
    );
  }
  return nhsNumber;
}

describe('the audit of a 2,500-document download with multi-byte names', () => {
  let plain: Backend;
  let queue: Awaited<ReturnType<typeof createSizedQueue>>;
  let fixture: DownloadFixture;
  let summary: DownloadSummary;
  let parts: Array<{ readonly body: DownloadAuditPart; readonly wireBytes: number; readonly eventId: string | undefined }>;

  beforeAll(async () => {
    plain = await openSandboxBackend();
    queue = await createSizedQueue(plain, QUEUE_LIMIT);
    const nhsNumber = await seedLargePatient(plain, DOCUMENTS);
    fixture = await openDownloadFixture({ DOCSTORE_AUDIT_QUEUE_URL: queue.url });
    const result = await fixture.services.download({ nhsNumber, folder: fixture.folder });
    if (!result.ok) {
      throw new Error(result.error.message);
    }
    summary = result.value;
    parts = (await drainQueue(plain, queue.url))
      .map((message) => ({
        body: JSON.parse(message.body) as DownloadAuditPart,
        eventId: message.eventId,
        wireBytes: wireSizeBytes({ body: message.body, attributes: { eventId: { DataType: 'String', StringValue: message.eventId ?? '' } } }),
      }))
      .filter((message) => (message.body.description as string) === DOWNLOAD_DESCRIPTION)
      .sort((a, b) => a.body.part - b.body.part);
  }, 300_000);
  afterAll(async () => {
    await fixture.close();
    await queue.remove();
    const key = summary.zipLocation.replace(/^s3:\/\/[^/]+\//, '');
    await plain.clients.s3.send(new DeleteObjectCommand({ Bucket: plain.config.zipBucket, Key: key }));
    await plain.close();
  });

  it('saves the record', async () => {
    expect(summary.included.length).toBeGreaterThan(DOCUMENTS - 5);
    expect(await readdir(fixture.folder)).toEqual([basename(summary.file)]);
  });

  it('arrives in numbered parts, each within the queue limit in UTF-8 bytes of body and attributes', () => {
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach(({ body, wireBytes, eventId }, index) => {
      expect(wireBytes).toBeLessThanOrEqual(QUEUE_LIMIT);
      expect(body).toMatchObject({ part: index + 1, parts: parts.length, correlationId: summary.correlationId });
      expect(eventId).toBe(body.eventId);
    });
    const prefixes = new Set(parts.map(({ body }) => body.eventId.replace(/-\d+-of-\d+$/, '')));
    expect(prefixes.size).toBe(1);
  });

  it('lists every delivered document exactly once across the parts', () => {
    const listed = parts.flatMap(({ body }) => body.fileMetadataList);
    expect(listed.map((file) => file.id).sort()).toEqual(summary.included.map((document) => document.id).sort());
    expect(new Set(listed.map((file) => file.id)).size).toBe(listed.length);
    const byId = new Map(summary.included.map((document) => [document.id, document.fileName]));
    expect(listed.every((file) => byId.get(file.id) === file.fileName)).toBe(true);
  });

  it('keeps the trace row small: a count and the manifest named instead of every id', async () => {
    const { Item } = await plain.clients.dynamo.send(new GetCommand({ TableName: plain.config.zipTraceTable, Key: { ID: summary.traceId } }));
    expect(Item).toMatchObject({ DocumentCount: summary.included.length, ManifestEntry: 'manifest.json', Location: summary.zipLocation });
    expect(Item).not.toHaveProperty('DocumentIds');
    expect(Buffer.byteLength(JSON.stringify(Item))).toBeLessThan(4_096);
  });
});
