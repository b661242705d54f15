import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDocuments } from '../../../main/search/query-documents.js';
import type { DownloadProgress, DownloadSummary } from '../../../common/download.js';
import type { Manifest } from '../../../common/manifest.js';
import { queueUrlOf, receiveEventWhere } from '../../support/audit-queue.js';
import { type DownloadFixture, openDownloadFixture, readObject, readZip, sha256Of } from '../../support/download-fixture.js';

const ORDINARY = '9990000018';
const AWKWARD = '9990000026';
const LARGE = '9990000034';

describe('download a patient record', () => {
  let fixture: DownloadFixture;
  let summary: DownloadSummary;
  const progress: DownloadProgress[] = [];

  beforeAll(async () => {
    fixture = await openDownloadFixture();
    const result = await fixture.services.download({ nhsNumber: '999 000 0018', folder: fixture.folder, onProgress: (step) => progress.push(step) });
    if (!result.ok) {
      throw new Error(result.error.message);
    }
    summary = result.value;
  });
  afterAll(async () => {
    await fixture.services.traceCopies?.idle();
    await fixture.close();
  });

  it('saves patient-record-<nhs>.zip in the chosen folder and nothing else', async () => {
    expect(summary.file).toBe(join(fixture.folder, `patient-record-${ORDINARY}.zip`));
    expect(await readdir(fixture.folder)).toEqual([`patient-record-${ORDINARY}.zip`]);
    const saved = await readFile(summary.file);
    expect(saved.length).toBe(summary.bytes);
    expect(sha256Of(saved)).toBe(summary.sha256);
  });

  it('holds every available document, byte for byte as stored, newest first, then the manifest', async () => {
    const entries = await readZip(summary.file);
    expect(entries.map((entry) => entry.name)).toEqual([...summary.included.map((document) => document.entryName), 'manifest.json']);
    expect(summary.included).toHaveLength(12);
    const rows = await queryDocuments(fixture.backend.clients.dynamo, { table: fixture.backend.config.metadataTable, nhsNumber: ORDINARY, listedOnly: false });
    for (const document of summary.included) {
      const location = rows.find((row) => row.id === document.id)?.location ?? '';
      const [bucket, key] = location.replace('s3://', '').split('/') as [string, string];
      const stored = await readObject(fixture.backend, bucket, key);
      expect(sha256Of(entries.find((entry) => entry.name === document.entryName)?.bytes ?? Buffer.alloc(0))).toBe(sha256Of(stored));
    }
    expect(summary.included[0]?.fileName).toBe('GP summary 2024.pdf');
  });

  it('stores already-compressed files and flags non-ASCII names as UTF-8', async () => {
    const entries = await readZip(summary.file);
    const letter = entries.find((entry) => entry.name === 'Lettre de l’hôpital – Zoë Müller.pdf');
    expect(letter).toMatchObject({ compressionMethod: 0, utf8Flag: true });
    expect(entries.find((entry) => entry.name === 'manifest.json')?.compressionMethod).toBe(8);
  });

  it('writes a manifest that matches the entries', async () => {
    const entries = await readZip(summary.file);
    const manifest = JSON.parse(entries.find((entry) => entry.name === 'manifest.json')?.bytes.toString() ?? '{}') as Manifest;
    expect(manifest).toMatchObject({ nhsNumber: ORDINARY, correlationId: summary.correlationId, counts: { included: 12, excluded: 0, missing: 0 } });
    for (const document of manifest.documents) {
      const entry = entries.find((candidate) => candidate.name === document.entryName);
      expect(document.status).toBe('included');
      expect(document.sha256).toBe(sha256Of(entry?.bytes ?? Buffer.alloc(0)));
      expect(document.size).toBe(entry?.bytes.length);
    }
  });

  it('keeps the ZIP in the zip bucket under tmp/<uuid>.zip with the same bytes', async () => {
    expect(summary.zipLocation).toMatch(/^s3:\/\/sandbox-zip-store\/tmp\/[0-9a-f-]{36}\.zip$/);
    const key = summary.zipLocation.replace('s3://sandbox-zip-store/', '');
    expect(sha256Of(await readObject(fixture.backend, 'sandbox-zip-store', key))).toBe(summary.sha256);
  });

  it('saves a DocumentZipTrace row with the seed fields and what was delivered', async () => {
    const { Item } = await fixture.backend.clients.dynamo.send(new GetCommand({ TableName: fixture.backend.config.zipTraceTable, Key: { ID: summary.traceId } }));
    expect(Item).toMatchObject({
      ID: summary.traceId,
      CorrelationId: summary.correlationId,
      Location: summary.zipLocation,
      NhsNumber: ORDINARY,
      Sha256: summary.sha256,
      SizeBytes: summary.bytes,
      DocumentIds: summary.included.map((document) => document.id),
      Principal: expect.stringContaining('SandboxPracticeUser'),
    });
    const createdSeconds = Date.parse(String(Item?.CreatedAt)) / 1000;
    expect(Number(Item?.ExpiryDate) - createdSeconds).toBeCloseTo(90 * 86_400, -1);
  });

  it('sends the seed audit message for the documents in the ZIP, and a saved event', async () => {
    const { sqs } = fixture.backend.clients;
    const queueUrl = queueUrlOf(fixture.backend);
    const byCorrelation = (description: string) => (body: unknown) =>
      (body as { correlationId?: string; description?: string }).correlationId === summary.correlationId &&
      (body as { description?: string }).description === description;
    const downloaded = await receiveEventWhere(sqs, queueUrl, byCorrelation('Downloaded documents'));
    expect(downloaded.body).toMatchObject({
      nhsNumber: ORDINARY,
      timestamp: expect.any(String),
      eventId: downloaded.attribute,
      principal: expect.stringContaining('SandboxPracticeUser'),
      appName: 'Document Store Desktop',
      fileMetadataList: summary.included.map((document) => ({ id: document.id, fileName: document.fileName, fileType: expect.any(String) })),
    });
    const saved = await receiveEventWhere(sqs, queueUrl, byCorrelation('Saved documents'));
    expect(saved.body).toMatchObject({ sha256: summary.sha256, bytes: summary.bytes, documentCount: 12 });
    // The saved event goes in the background; once that flush has finished the outbox holds nothing.
    await fixture.services.flushAudit();
    expect(await readdir(join(fixture.dataDir, 'audit-outbox')).catch(() => [])).toEqual([]);
  });

  it('reports progress through the phases in order, ending verified', () => {
    const phases = progress.map((step) => step.phase).filter((phase, index, all) => phase !== all[index - 1]);
    // Single pass (policy traceCopy "background", the default): no upload or download before the file is saved.
    expect(phases).toEqual(['querying', 'zipping', 'auditing', 'verifying']);
    expect(progress.filter((step) => step.phase === 'zipping').at(-1)).toMatchObject({ documentsDone: 12, documentsTotal: 12 });
    expect(progress.at(-1)).toMatchObject({ phase: 'verifying', bytesDone: summary.bytes, bytesTotal: summary.bytes });
  });

  it('never overwrites: a second download is saved as (1)', async () => {
    const second = await fixture.services.download({ nhsNumber: ORDINARY, folder: fixture.folder });
    expect(second.ok && second.value.file).toBe(join(fixture.folder, `patient-record-${ORDINARY}(1).zip`));
    expect((await readdir(fixture.folder)).sort()).toEqual([`patient-record-${ORDINARY}(1).zip`, `patient-record-${ORDINARY}.zip`]);
  });
});

describe('download awkward records', () => {
  let fixture: DownloadFixture;

  beforeAll(async () => {
    fixture = await openDownloadFixture();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('names entries safely and uniquely, never colliding with real names or the manifest', async () => {
    const result = await fixture.services.download({ nhsNumber: AWKWARD, folder: fixture.folder });
    if (!result.ok) {throw new Error(result.error.message);}
    const names = (await readZip(result.value.file)).map((entry) => entry.name);
    expect(names).toEqual([
      'Scan.pdf',
      'Scan(2).pdf',
      'scan(3).PDF',
      'Scan(1).pdf',
      'so.me-file-name.txt.pdf',
      'so.me-file-name.txt(1).pdf',
      'manifest(1).json',
      'CON_.pdf',
      'results- March-April-.pdf',
      '..-..-escape attempt.png',
      'Photo.jpeg',
      'Photo(1).jpeg',
      'manifest.json',
    ]);
  });

  it('reads all 1,500 rows of a large record into one ZIP, leaving out the 30 deleted', async () => {
    const result = await fixture.services.download({ nhsNumber: LARGE, folder: fixture.folder });
    if (!result.ok) {throw new Error(result.error.message);}
    expect(result.value.included).toHaveLength(1_470);
    expect(result.value.excluded).toHaveLength(30);
    expect(result.value.excluded.every((document) => document.reason === 'deleted')).toBe(true);
    expect(await readZip(result.value.file)).toHaveLength(1_471);
  });
});
