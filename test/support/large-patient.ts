import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Backend } from '../../main/setup/backend.js';
import { forEachLimited, putItems } from '../../main/sandbox/bulk-write.js';
import { freshNhsNumber } from './download-fixture.js';
import { sandboxEnv } from './sandbox-backend.js';

/** A patient seeded by `seedLargePatient`: its NHS number and each document's id, in seeding order. */
export interface LargePatient {
  readonly nhsNumber: string;
  readonly ids: ReadonlyArray<string>;
}

export interface LargePatientOptions {
  readonly documents: number;
  readonly fileNameOf: (index: number) => string;
  /** Bytes of each document object; the id is written into it, so no two are alike. */
  readonly documentBytes: number;
}

const PUT_CONCURRENCY = 8;
const BATCH_WRITE_CONCURRENCY = 4;

/**
 * Seeds a patient of the test's own with many small PDF documents (uploaded, Clean, newest first in seeding order).
 *
 * Ids are random, as in production, so a store that loses index rows on id clashes shows it.
 */
export async function seedLargePatient(backend: Backend, options: LargePatientOptions): Promise<LargePatient> {
  const nhsNumber = freshNhsNumber();
  const bucket = sandboxEnv().DOCSTORE_DOCUMENT_BUCKET ?? '';
  const ids = Array.from({ length: options.documents }, () => randomUUID());
  await forEachLimited(ids, PUT_CONCURRENCY, async (id) => {
    await backend.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: id, Body: pdfBytes(id, options.documentBytes), ContentType: 'application/pdf' }));
  });
  const now = Date.now();
  await putItems(
    backend.clients,
    backend.config.metadataTable,
    ids.map((id, index) => ({
      ID: id,
      NhsNumber: nhsNumber,
      Location: `s3://${bucket}/${id}`,
      FileName: options.fileNameOf(index),
      ContentType: 'application/pdf',
      DocumentUploaded: true,
      VirusScanResult: 'Clean',
      Indexed: new Date(now - index * 1_000).toISOString(),
    })),
    { concurrency: BATCH_WRITE_CONCURRENCY },
  );
  return { nhsNumber, ids };
}

function pdfBytes(id: string, size: number): Buffer {
  const header = `%PDF-1.4 ${id}\n`;
  return Buffer.from(header.padEnd(Math.max(size, header.length), '%'));
}
