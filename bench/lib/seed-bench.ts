import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Backend } from '../../main/setup/backend.js';
import { startZipUpload } from '../../main/download/upload-zip.js';
import { forEachLimited, putItems } from '../../main/sandbox/bulk-write.js';
import { checkDigitOf } from '../../common/nhs-number.js';

/** One benchmark document: an object of incompressible bytes labelled application/pdf, so the job stores it. */
export interface BenchDocument {
  readonly key: string;
  readonly fileName: string;
  readonly bytes: number;
}

/** A benchmark patient: metadata rows pointing at seeded objects. */
export interface Dataset {
  readonly id: string;
  readonly label: string;
  readonly nhsNumber: string;
  readonly bucket: string;
  readonly documents: ReadonlyArray<BenchDocument>;
  readonly totalBytes: number;
}

/** A set of same-sized objects that several patients may share (the 2 GB patient reuses the 1 GB patient's). */
export interface ObjectPool {
  readonly size: number;
  readonly count: number;
}

/** A patient made of the first `count` objects of a pool. */
export interface DatasetSpec {
  readonly id: string;
  readonly label: string;
  readonly pool: string;
  readonly count: number;
}

/** A patient of metadata rows only, for search: rows point at keys that do not exist, which search never reads. */
export interface SearchPatient {
  readonly nhsNumber: string;
  readonly documents: number;
}

/** The ZIP-bucket object the save scenario downloads, with what it must verify as. */
export interface SaveObject {
  readonly bucket: string;
  readonly key: string;
  readonly bytes: number;
  readonly sha256: string;
}

const PUT_CONCURRENCY = 4;
const BATCH_WRITE_CONCURRENCY = 4;
// Far from the datasets' numbers (one per dataset, from index 0).
const SEARCH_PATIENT_INDEX = 100;

/**
 * Seeds the pools' objects into the document bucket and one patient per dataset, the way seedTestPatient does.
 *
 * Object bytes are random, so neither deflate nor any cache of equal content flatters a result.
 */
export async function seedDatasets(
  backend: Backend,
  documentBucket: string,
  pools: Readonly<Record<string, ObjectPool>>,
  specs: ReadonlyArray<DatasetSpec>,
): Promise<Dataset[]> {
  const keys: Record<string, BenchDocument[]> = {};
  const work: Array<{ readonly key: string; readonly size: number }> = [];
  for (const [name, pool] of Object.entries(pools)) {
    const needed = Math.max(0, ...specs.filter((spec) => spec.pool === name).map((spec) => spec.count));
    keys[name] = Array.from({ length: Math.min(needed, pool.count) }, (_, index) => ({
      key: `bench/${name}/${String(index).padStart(3, '0')}`,
      fileName: `${name}-document-${String(index + 1).padStart(3, '0')}.bin`,
      bytes: pool.size,
    }));
    work.push(...(keys[name] ?? []).map(({ key }) => ({ key, size: pool.size })));
  }
  await forEachLimited(work, PUT_CONCURRENCY, async ({ key, size }) => {
    await backend.clients.s3.send(
      new PutObjectCommand({ Bucket: documentBucket, Key: key, Body: randomBytes(size), ContentType: 'application/pdf' }),
    );
  });
  const datasets: Dataset[] = [];
  for (const [index, spec] of specs.entries()) {
    const documents = (keys[spec.pool] ?? []).slice(0, spec.count);
    const nhsNumber = benchNhsNumber(index);
    await writeRows(backend, nhsNumber, documentBucket, documents);
    datasets.push({
      id: spec.id,
      label: spec.label,
      nhsNumber,
      bucket: documentBucket,
      documents,
      totalBytes: documents.reduce((total, document) => total + document.bytes, 0),
    });
  }
  return datasets;
}

/** Seeds one patient with `documents` rows with random ids, as production has: the large search case of issue 20. */
export async function seedSearchPatient(backend: Backend, documentBucket: string, documents: number): Promise<SearchPatient> {
  const nhsNumber = benchNhsNumber(SEARCH_PATIENT_INDEX);
  const rows = Array.from({ length: documents }, (_, index) => ({
    key: `bench/search/${randomUUID()}`,
    fileName: `search-document-${String(index + 1).padStart(5, '0')}.pdf`,
    bytes: 0,
  }));
  await writeRows(backend, nhsNumber, documentBucket, rows);
  return { nhsNumber, documents };
}

/** Uploads `bytes` random bytes to the ZIP bucket as one object and returns its SHA-256, for the save scenario. */
export async function seedSaveObject(backend: Backend, bytes: number): Promise<SaveObject> {
  const bucket = backend.config.zipBucket;
  const key = `bench/save-${randomUUID()}.zip`;
  const upload = startZipUpload(backend.clients.s3, { bucket, key });
  const chunkSize = 1024 * 1024;
  for (let sent = 0; sent < bytes; sent += chunkSize) {
    if (!upload.input.write(randomBytes(Math.min(chunkSize, bytes - sent)))) {
      await once(upload.input, 'drain');
    }
  }
  upload.input.end();
  const { sha256 } = await upload.done();
  return { bucket, key, bytes, sha256 };
}

// Valid NHS numbers from the 999 test range that no sandbox patient or test uses: 9997 then a running number.
function benchNhsNumber(index: number): string {
  for (let candidate = index * 10; ; candidate += 1) {
    const firstNine = `9997${String(candidate).padStart(5, '0')}`;
    const check = checkDigitOf(firstNine);
    if (check !== undefined) {
      return `${firstNine}${check}`;
    }
  }
}

async function writeRows(backend: Backend, nhsNumber: string, bucket: string, documents: ReadonlyArray<BenchDocument>): Promise<void> {
  const now = Date.now();
  const items = documents.map((document, index) => ({
    ID: randomUUID(),
    NhsNumber: nhsNumber,
    Location: `s3://${bucket}/${document.key}`,
    FileName: document.fileName,
    ContentType: 'application/pdf',
    DocumentUploaded: true,
    VirusScanResult: 'Clean',
    Created: new Date(now - index * 60_000 - 3_600_000).toISOString(),
    Indexed: new Date(now - index * 60_000).toISOString(),
  }));
  await putItems(backend.clients, backend.config.metadataTable, items, { concurrency: BATCH_WRITE_CONCURRENCY });
}
