/**
 * The ZIP written straight into the folder's reserved `.partial` file (single pass), hashed (SHA-256) from the very
 * bytes handed to the file, synced to disk in the background as it grows.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { backgroundSync } from './save/background-sync.js';
import { fsSaveError } from './save/save-error.js';
import type { ZipOutput } from './zip-output.js';

// archiver hands over ~16–64 KiB pieces; while one write is on its way the stream buffers the next ones, and they go
// to the file as one writev of up to this many bytes.
const WRITE_BATCH_BYTES = 1024 * 1024;

/** The local file's side of the ZIP. `done()` resolves once every byte is written and durable (fsync). */
export function localZipOutput(handle: FileHandle, folder: string): ZipOutput {
  const hash = createHash('sha256');
  const syncer = backgroundSync(handle);
  let bytes = 0;

  const writeAll = async (chunks: ReadonlyArray<Buffer>): Promise<void> => {
    let length = chunks.reduce((total, chunk) => total + chunk.length, 0);
    let pending: Buffer[] = [...chunks];
    try {
      while (length > 0) {
        const { bytesWritten } = await handle.writev(pending, bytes);
        bytes += bytesWritten;
        length -= bytesWritten;
        // A short write (a full disk reports itself on the next try): the rest goes again from where it stopped.
        pending = length > 0 ? [Buffer.concat(pending).subarray(bytesWritten)] : [];
      }
    } catch (error) {
      throw fsSaveError(error, folder);
    }
    // Hashed after the write succeeded: the hash is of what the file was given, in the file's order.
    for (const chunk of chunks) {
      hash.update(chunk);
    }
    syncer.written(bytes);
  };

  const input = new Writable({
    highWaterMark: WRITE_BATCH_BYTES,
    writev(entries, callback) {
      writeAll(entries.map((entry) => entry.chunk as Buffer)).then(() => callback(), callback);
    },
    final(callback) {
      durable().then(() => callback(), callback);
    },
  });
  const durable = async (): Promise<void> => {
    try {
      await syncer.settle();
      await handle.sync();
    } catch (error) {
      throw fsSaveError(error, folder);
    }
  };
  const written = finished(input);
  written.catch(() => undefined);

  return {
    input,
    async done() {
      await written;
      return { bytes, sha256: hash.digest('hex') };
    },
    async abort() {
      input.destroy();
      await syncer.settle().catch(() => undefined);
    },
  };
}
