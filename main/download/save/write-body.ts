import { fsSaveError, saveError } from './save-error.js';
import type { SaveJob } from './save-job.js';

// Moves a response body into the partial file and through the SHA-256, keeping `transfer.offset` to the bytes on disk.

// Socket reads arrive in ≤64 KiB pieces; one awaited write per piece makes the disk round trip the bottleneck.
const WRITE_BATCH_BYTES = 1024 * 1024;

/**
 * Writes the body in 1 MiB batches with one batch's write in flight while the next is read and the last is hashed,
 * so the network, the disk and the hash overlap. `transfer.offset` only counts bytes that reached the file; the
 * hash may run one batch ahead, but every exit waits for the write in flight, so they agree again before a resume.
 */
export async function writeBody(job: SaveJob, body: AsyncIterable<Buffer>): Promise<void> {
  const { request, transfer } = job;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  let queuedEnd = transfer.offset;
  let writing: Promise<void> = Promise.resolve();
  const queueBatch = async (): Promise<void> => {
    const [chunks, bytes, position] = [batch, batchBytes, queuedEnd];
    batch = [];
    batchBytes = 0;
    queuedEnd += bytes;
    await writing;
    writing = writeChunksAt(job, chunks, bytes, position).then(() => {
      transfer.offset += bytes;
      job.report('saving', transfer.offset);
      job.syncer.written(transfer.offset);
    });
    // Awaited at the next batch or on the way out; until then a failed write must not count as unhandled.
    writing.catch(() => undefined);
    for (const chunk of chunks) {
      transfer.hash.update(chunk);
    }
  };
  try {
    for await (const chunk of body) {
      if (queuedEnd + batchBytes + chunk.length > request.expectedBytes) {
        throw saveError('verification-failed', job.folder);
      }
      batch.push(chunk);
      batchBytes += chunk.length;
      if (batchBytes >= WRITE_BATCH_BYTES) {
        await queueBatch();
      }
    }
  } finally {
    // Also when the connection breaks: the bytes already received are kept, so a resume asks only for the rest.
    if (batchBytes > 0) {
      await queueBatch();
    }
    await writing;
  }
}

async function writeChunksAt(job: SaveJob, chunks: Buffer[], bytes: number, position: number): Promise<void> {
  let written: number;
  try {
    written = (await job.handle.writev(chunks, position)).bytesWritten;
  } catch (error) {
    throw fsSaveError(error, job.folder);
  }
  if (written < bytes) {
    await writeAt(job, Buffer.concat(chunks, bytes).subarray(written), position + written);
  }
}

async function writeAt(job: SaveJob, chunk: Buffer, position: number): Promise<void> {
  try {
    for (let written = 0; written < chunk.length; ) {
      const result = await job.handle.write(chunk, written, chunk.length - written, position + written);
      written += result.bytesWritten;
    }
  } catch (error) {
    throw fsSaveError(error, job.folder);
  }
}
