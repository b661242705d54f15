import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ENTRY_NAME_LENGTH } from '../../../main/download/entry-names.js';
import type { Backend } from '../../../main/setup/backend.js';
import type { DownloadSummary } from '../../../common/download.js';
import { MANIFEST_ENTRY_NAME, type Manifest } from '../../../common/manifest.js';
import { type QueuedAuditPart, downloadAuditPartsOf } from '../../support/download-audit-parts.js';
import { type DownloadFixture, type ZipEntryRead, openDownloadFixture, readZip } from '../../support/download-fixture.js';
import { type LargePatient, seedLargePatient } from '../../support/large-patient.js';
import { openSandboxBackend } from '../../support/sandbox-backend.js';
import { createSizedQueue, drainQueue } from '../audit/support/sized-queue.js';
import { multiByteName } from '../../unit/audit/support/multi-byte-name.js';

// Issue 13's real size: 5,000 documents with 150-character names, on a queue of AWS's default 256 KiB limit.
const DOCUMENTS = 5_000;
const NAME_LENGTH = 150;
const QUEUE_LIMIT = 262_144;
const DYNAMODB_ITEM_LIMIT = 409_600;
// Every 100th document repeats the name before it, so unique entry names need a counter inside the 150 characters.
const REPEAT_EVERY = 100;

function fileNameOf(index: number): string {
  return multiByteName(index % REPEAT_EVERY === REPEAT_EVERY - 1 ? index - 1 : index, NAME_LENGTH);
}

function codePoints(text: string): number {
  return Array.from(text).length;
}

describe('a 5,000-document record with 150-character multi-byte names', () => {
  let plain: Backend;
  let queue: Awaited<ReturnType<typeof createSizedQueue>>;
  let fixture: DownloadFixture;
  let patient: LargePatient;
  let summary: DownloadSummary;
  let entries: ZipEntryRead[];
  let parts: QueuedAuditPart[];

  beforeAll(async () => {
    plain = await openSandboxBackend();
    queue = await createSizedQueue(plain, QUEUE_LIMIT);
    patient = await seedLargePatient(plain, { documents: DOCUMENTS, fileNameOf, documentBytes: 300 });
    fixture = await openDownloadFixture({ DOCSTORE_AUDIT_QUEUE_URL: queue.url });
    const result = await fixture.services.download({ nhsNumber: patient.nhsNumber, folder: fixture.folder });
    if (!result.ok) {
      throw new Error(`${result.error.code}: ${result.error.message}`);
    }
    summary = result.value;
    entries = await readZip(summary.file);
    parts = downloadAuditPartsOf(await drainQueue(plain, queue.url));
  }, 600_000);
  afterAll(async () => {
    await fixture.close();
    await queue.remove();
    const key = summary.zipLocation.replace(/^s3:\/\/[^/]+\//u, '');
    await plain.clients.s3.send(new DeleteObjectCommand({ Bucket: plain.config.zipBucket, Key: key }));
    await plain.close();
  });

  it('uses names whose characters and UTF-8 bytes differ', () => {
    const name = fileNameOf(0);
    expect(codePoints(name)).toBe(NAME_LENGTH);
    expect(Buffer.byteLength(name, 'utf8')).toBeGreaterThan(NAME_LENGTH);
  });

  it('delivers every document: the ZIP opens with 5,000 entries and the manifest', () => {
    expect(summary.included).toHaveLength(DOCUMENTS);
    expect(summary.missing).toEqual([]);
    expect(entries).toHaveLength(DOCUMENTS + 1);
    expect(entries.at(-1)?.name).toBe(MANIFEST_ENTRY_NAME);
    const manifest = JSON.parse(entries.at(-1)?.bytes.toString('utf8') ?? '') as Manifest;
    expect(manifest.counts).toEqual({ included: DOCUMENTS, excluded: 0, missing: 0 });
    expect(new Set(summary.included.map((document) => document.id))).toEqual(new Set(patient.ids));
  });

  it('names every entry in at most 150 characters, each name unique even ignoring case', () => {
    const names = entries.map((entry) => entry.name);
    expect(names.filter((name) => codePoints(name) > MAX_ENTRY_NAME_LENGTH)).toEqual([]);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
    expect(names.filter((name) => /\(\d+\)\.pdf$/u.test(name))).toHaveLength(DOCUMENTS / REPEAT_EVERY);
  });

  it('puts each document under its own entry name', () => {
    const bytesByName = new Map(entries.map((entry) => [entry.name, entry.bytes.toString('utf8')]));
    for (const document of summary.included) {
      expect(bytesByName.get(document.entryName)).toMatch(new RegExp(`^%PDF-1\\.4 ${document.id}\\n`, 'u'));
    }
  });

  it('sends the audit in parts that each fit the queue limit in UTF-8 bytes', () => {
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach(({ body, wireBytes }, index) => {
      expect(wireBytes).toBeLessThanOrEqual(QUEUE_LIMIT);
      expect(body).toMatchObject({ part: index + 1, parts: parts.length, correlationId: summary.correlationId });
    });
  });

  it('lists every delivered document exactly once across the audit parts', () => {
    const listed = parts.flatMap(({ body }) => body.fileMetadataList.map((file) => file.id));
    expect(listed).toHaveLength(DOCUMENTS);
    expect(new Set(listed)).toEqual(new Set(summary.included.map((document) => document.id)));
  });

  it('keeps the trace row under DynamoDB’s 400 KB item limit', async () => {
    const { Item } = await plain.clients.dynamo.send(new GetCommand({ TableName: plain.config.zipTraceTable, Key: { ID: summary.traceId } }));
    expect(Item).toMatchObject({ DocumentCount: DOCUMENTS, Location: summary.zipLocation });
    // JSON spends more bytes than DynamoDB's own count (quotes, colons), so this errs on the safe side.
    expect(Buffer.byteLength(JSON.stringify(Item), 'utf8')).toBeLessThan(DYNAMODB_ITEM_LIMIT);
  });
});
