import type { Patch } from './private-copy.js';

const POOLED: Patch = { file: 'main/download/upload-zip.ts', replaceWith: 'upload-zip.pooled.ts.txt' };

/** The edits docs/benchmarks.md recommends, together: `npm run bench -- --patches recommended` shows their effect. */
export const RECOMMENDED = ['pooled-5x2', 'save-batched', 'crc-native', 'search-sort-key'] as const;

/** Expands a comma list of patch names ("recommended" standing for RECOMMENDED) into its edits. */
export function patchesNamed(list: string): Patch[] {
  const names = list.split(',').flatMap((name) => (name === 'recommended' ? [...RECOMMENDED] : name.split('+')));
  return names.flatMap((name) => {
    const patches = PATCHES[name];
    if (patches === undefined) {
      throw new Error(`unknown patch "${name}"; choose from recommended, ${Object.keys(PATCHES).join(', ')}`);
    }
    return patches;
  });
}

/**
 * Candidate tuning edits, each measured on a private copy by `bench/tune.ts`. The ones that help are recommended in
 * docs/benchmarks.md with their numbers.
 */
export const PATCHES: Readonly<Record<string, ReadonlyArray<Patch>>> = {
  'parts-5x4': [partSize(5)],
  'parts-8x2': [queueSize(2)],
  'parts-5x2': [partSize(5), queueSize(2)],
  'parts-5x3': [partSize(5), queueSize(3)],
  'parts-16x2': [partSize(16), queueSize(2)],
  // The pooled uploader as recommended (5 MiB × 2 in flight), and the same code with other sizes.
  'pooled-5x2': [POOLED],
  'pooled-5x3': [POOLED, pooledQueue(3)],
  'pooled-8x2': [POOLED, pooledPart(8)],
  'pooled-8x4': [POOLED, pooledPart(8), pooledQueue(4)],
  'crc-native': [
    {
      file: 'main/download/zip-writer.ts',
      from: "import { ZipArchive } from 'archiver';\n",
      to: [
        "import { ZipArchive } from 'archiver';",
        "import crc32Js from 'crc-32';",
        "import { crc32 as nativeCrc32 } from 'node:zlib';",
        '',
        '// archiver checksums every entry with crc-32 (plain JS, ~170–200 MB/s here); zlib.crc32 is the same CRC natively.',
        'crc32Js.buf = (data: Uint8Array | number[], seed?: number): number =>',
        '  nativeCrc32(data instanceof Uint8Array ? data : Uint8Array.from(data), (seed ?? 0) >>> 0) | 0;',
        '',
      ].join('\n'),
    },
  ],
  'save-batched': [
    {
      file: 'main/download/save-file.ts',
      from: `async function writeBody(job: Job, body: AsyncIterable<Buffer>): Promise<void> {
  const { request, transfer } = job;
  for await (const chunk of body) {
    if (transfer.offset + chunk.length > request.expectedBytes) {
      throw saveError('verification-failed', request.folder);
    }
    await writeAt(job, chunk, transfer.offset);
    transfer.hash.update(chunk);
    transfer.offset += chunk.length;
    job.report('saving', transfer.offset);
  }
}`,
      to: `// Socket reads arrive in ≤64 KiB pieces; one awaited write per piece makes the disk round trip the bottleneck.
const WRITE_BATCH_BYTES = 1024 * 1024;

async function writeBody(job: Job, body: AsyncIterable<Buffer>): Promise<void> {
  const { request, transfer } = job;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const flush = async (): Promise<void> => {
    const chunks = batch;
    const bytes = batchBytes;
    batch = [];
    batchBytes = 0;
    // The hash runs on this thread while the write runs on the thread pool; both cover exactly this batch.
    const written = writeChunksAt(job, chunks, bytes, transfer.offset);
    for (const chunk of chunks) {
      transfer.hash.update(chunk);
    }
    await written;
    transfer.offset += bytes;
    job.report('saving', transfer.offset);
  };
  try {
    for await (const chunk of body) {
      if (transfer.offset + batchBytes + chunk.length > request.expectedBytes) {
        throw saveError('verification-failed', request.folder);
      }
      batch.push(chunk);
      batchBytes += chunk.length;
      if (batchBytes >= WRITE_BATCH_BYTES) {
        await flush();
      }
    }
  } finally {
    // Also when the connection breaks: the bytes already received are kept, so a resume asks only for the rest.
    if (batchBytes > 0) {
      await flush();
    }
  }
}

async function writeChunksAt(job: Job, chunks: Buffer[], bytes: number, position: number): Promise<void> {
  let written: number;
  try {
    written = (await job.handle.writev(chunks, position)).bytesWritten;
  } catch (error) {
    throw fsSaveError(error, job.request.folder);
  }
  if (written < bytes) {
    await writeAt(job, Buffer.concat(chunks, bytes).subarray(written), position + written);
  }
}`,
    },
  ],
  'save-overlap': [
    {
      file: 'main/download/save-file.ts',
      from: `    await writeAt(job, chunk, transfer.offset);
    transfer.hash.update(chunk);`,
      to: `    const written = writeAt(job, chunk, transfer.offset);
    transfer.hash.update(chunk);
    await written;`,
    },
  ],
  'search-sort-key': [
    {
      file: 'main/search/search-documents.ts',
      from: 'toSearchsetBundle(documents.sort(compareNewestFirst), fetchedAt)',
      to: 'toSearchsetBundle(sortNewestFirst(documents), fetchedAt)',
    },
    {
      file: 'main/search/search-documents.ts',
      from: "import { compareNewestFirst } from './document-metadata.js';",
      to: "import { sortNewestFirst } from './document-metadata.js';",
    },
    {
      file: 'main/search/document-metadata.ts',
      from: '// Rows written with offsets',
      to: `/** The same order as compareNewestFirst, parsing each date once instead of at every comparison. */
export function sortNewestFirst(documents: ReadonlyArray<DocumentMetadata>): DocumentMetadata[] {
  return documents
    .map((document) => ({ document, time: timeOf(document) }))
    .sort((a, b) => (a.time !== b.time ? (b.time > a.time ? 1 : -1) : a.document.id.localeCompare(b.document.id)))
    .map(({ document }) => document);
}

// Rows written with offsets`,
    },
    {
      file: 'main/search/fhir-bundle.ts',
      from: `  if (value === undefined || Number.isNaN(Date.parse(value))) {
    return {};
  }
  return { [key]: new Date(value).toISOString() } as Partial<Record<K, string>>;`,
      to: `  const time = value === undefined ? Number.NaN : Date.parse(value);
  if (Number.isNaN(time)) {
    return {};
  }
  return { [key]: new Date(time).toISOString() } as Partial<Record<K, string>>;`,
    },
  ],
};

function pooledPart(mebibytes: number): Patch {
  return { file: 'main/download/upload-zip.ts', from: 'const PART_SIZE = 5 * 1024 * 1024;', to: `const PART_SIZE = ${mebibytes} * 1024 * 1024;` };
}

function pooledQueue(size: number): Patch {
  return { file: 'main/download/upload-zip.ts', from: 'const QUEUE_SIZE = 2;', to: `const QUEUE_SIZE = ${size};` };
}

function partSize(mebibytes: number): Patch {
  return { file: 'main/download/upload-zip.ts', from: 'const PART_SIZE = 8 * 1024 * 1024;', to: `const PART_SIZE = ${mebibytes} * 1024 * 1024;` };
}

function queueSize(size: number): Patch {
  return { file: 'main/download/upload-zip.ts', from: 'const QUEUE_SIZE = 4;', to: `const QUEUE_SIZE = ${size};` };
}
