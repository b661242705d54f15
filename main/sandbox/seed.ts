import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../aws/clients.js';
import { forEachLimited, putItems } from './bulk-write.js';
import type { SampleKind, SyntheticDocument, SyntheticPatient } from './patients.js';
import { sampleJpeg } from './sample-files/jpeg.js';
import { samplePdf } from './sample-files/pdf.js';
import { samplePng } from './sample-files/png.js';

const CONTENT_TYPES: Readonly<Record<SampleKind, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
};

/** The SNOMED code the original system accepted for every stored document. */
const DOCUMENT_TYPE_CODE = '22151000087106';
const DAY_MS = 86_400_000;
const UPLOAD_CONCURRENCY = 16;

/** Where a seed goes and the instant it counts ages from. */
export interface SeedTarget {
  readonly metadataTable: string;
  readonly documentBucket: string;
  readonly now: Date;
}

/** Writes every patient's metadata rows and document objects. */
export async function seedPatients(
  clients: AwsClients,
  target: SeedTarget,
  patients: ReadonlyArray<SyntheticPatient>,
): Promise<void> {
  const documents = patients.flatMap((patient) =>
    patient.documents.map((document, index) => ({ patient, document, id: documentId(patient.nhsNumber, index) })),
  );
  const items = documents.map(({ patient, document, id }) => metadataItem(target, patient.nhsNumber, document, id));
  await putItems(clients, target.metadataTable, items);
  const stored = documents.filter(({ document }) => document.objectMissing !== true);
  await forEachLimited(stored, UPLOAD_CONCURRENCY, async ({ document, id }) => {
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: target.documentBucket,
        Key: id,
        Body: sampleBytes(document, id),
        ContentType: CONTENT_TYPES[document.kind],
      }),
    );
  });
}

/** A stable UUID-shaped id, so a re-seeded sandbox keeps the same document ids. */
export function documentId(nhsNumber: string, index: number): string {
  const hex = createHash('sha256').update(`${nhsNumber}:${index}`).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function metadataItem(target: SeedTarget, nhsNumber: string, document: SyntheticDocument, id: string): Record<string, unknown> {
  const indexed = new Date(target.now.getTime() - document.ageDays * DAY_MS);
  const created = new Date(indexed.getTime() - 3_600_000);
  const item = {
    ID: id,
    NhsNumber: nhsNumber,
    Location: `s3://${target.documentBucket}/${id}`,
    FileName: document.fileName,
    ContentType: CONTENT_TYPES[document.kind],
    Created: created.toISOString(),
    Indexed: indexed.toISOString(),
    Type: [DOCUMENT_TYPE_CODE],
    DocumentUploaded: document.uploaded === undefined ? true : document.uploaded === false ? false : undefined,
    VirusScanResult: document.virusScanResult === 'absent' ? undefined : (document.virusScanResult ?? 'Clean'),
    Deleted: document.deleted ? new Date(target.now.getTime() - DAY_MS).toISOString() : undefined,
  };
  const omitted = new Set<string>(document.omit ?? []);
  return Object.fromEntries(Object.entries(item).filter(([attribute]) => !omitted.has(attribute)));
}

function sampleBytes(document: SyntheticDocument, id: string): Buffer {
  const seed = parseInt(id.slice(0, 8), 16);
  switch (document.kind) {
    case 'pdf':
      return samplePdf(document.fileName);
    case 'png':
      return samplePng(64, 48, seed);
    case 'jpeg':
      return sampleJpeg(seed);
  }
}
