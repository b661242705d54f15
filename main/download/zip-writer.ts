import { finished, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { ZipArchive } from 'archiver';
import crc32Js from 'crc-32';
import { crc32 as nativeCrc32 } from 'node:zlib';

// archiver checksums every entry with crc-32 (plain JS, ~170–200 MB/s here); zlib.crc32 is the same CRC natively.
crc32Js.buf = (data: Uint8Array | number[], seed?: number): number =>
  nativeCrc32(data instanceof Uint8Array ? data : Uint8Array.from(data), (seed ?? 0) >>> 0) | 0;

/** Streams a ZIP archive to one output, one entry at a time. */
export interface ZipWriter {
  /** Appends one entry from a stream; resolves once the entry's bytes are fully consumed into the archive (so the caller can append the next). Rejects if the source stream errors (the archive is then unusable: caller aborts). */
  addEntry(name: string, source: Readable, options: { readonly date: Date; readonly compress: boolean }): Promise<void>;
  /** Writes the central directory; resolves with the total bytes written once the output has received everything. */
  finish(): Promise<number>;
  /** Stops writing and destroys the output with the error (used for cancel/failure). */
  abort(error: Error): void;
}

// zlib levels 1–3 share the fast matcher: on JSON/text level 1 deflates ~3× faster than 6 for a ratio within
// half a point, and the bulk of a record (PDF, images) is stored anyway.
const DEFLATE_LEVEL = 1;

// archiver and the zip-stream inside it buffer 1 MiB on each side of their transforms by default. While the disk
// catches up, the socket chunks queued there lived long enough to be promoted out of V8's young generation, and
// promoted buffers are freed only at a full collection: 20 MiB more peak memory at 1 GB (docs/benchmarks.md).
// 64 KiB is one socket read.
const STREAM_BUFFER_BYTES = 64 * 1024;

interface PendingEntry {
  readonly source: Readable;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly stopWatching: () => void;
}

/** Creates a writer that streams a ZIP archive into `output`; memory stays bounded because only one entry is ever in flight. */
export function createZipWriter(output: Writable): ZipWriter {
  // DOS timestamps carry no zone and extractors read them as local time; archiver would otherwise write UTC.
  const zip = new ZipArchive({ zlib: { level: DEFLATE_LEVEL }, forceLocalTime: true, highWaterMark: STREAM_BUFFER_BYTES });
  let failure: Error | undefined;
  let pending: PendingEntry | undefined;
  let finishing = false;

  const fail = (error: Error): void => {
    if (failure) {
      return;
    }
    failure = error;
    const entry = pending;
    pending = undefined;
    entry?.stopWatching();
    entry?.source.destroy();
    entry?.reject(error);
    zip.destroy(error);
    output.destroy(error);
  };

  // archiver's finalize() promise settles when its own stream ends, not when the output has flushed and closed.
  const written = pipeline(zip, output).then(() => zip.pointer());
  written.catch(fail);
  zip.on('error', fail);
  zip.on('warning', fail);
  zip.on('entry', () => {
    const entry = pending;
    pending = undefined;
    entry?.stopWatching();
    entry?.resolve();
  });

  return {
    addEntry(name, source, { date, compress }) {
      const refusal = failure ?? refuseEntry(pending !== undefined, finishing);
      if (refusal) {
        // Nothing else will ever read it, so release its connection (e.g. an S3 body) now.
        source.destroy();
        return Promise.reject(refusal);
      }
      return new Promise<void>((resolve, reject) => {
        // Catches errors and premature closes, which would otherwise leave the entry (and the caller) hanging.
        const stopWatching = finished(source, { writable: false }, (error) => {
          if (error) {
            fail(error);
          }
        });
        pending = { source, resolve, reject, stopWatching };
        zip.append(source, { name, date, store: !compress });
      });
    },

    finish() {
      const refusal = failure ?? refuseFinish(pending !== undefined, finishing);
      if (refusal) {
        return Promise.reject(refusal);
      }
      finishing = true;
      // Not awaited: it may never settle if the output fails, and `written` settles either way.
      zip.finalize().catch(fail);
      return written;
    },

    abort(error) {
      fail(error);
    },
  };
}

function refuseEntry(entryInFlight: boolean, finishing: boolean): Error | undefined {
  if (finishing) {
    return new Error('Cannot add a ZIP entry after finish()');
  }
  // archiver queues every append, so letting callers overlap entries would buffer whole sources in memory.
  return entryInFlight ? new Error('Cannot add a ZIP entry while the previous one is still being written') : undefined;
}

function refuseFinish(entryInFlight: boolean, finishing: boolean): Error | undefined {
  if (finishing) {
    return new Error('finish() was already called');
  }
  return entryInFlight ? new Error('Cannot finish the ZIP while an entry is still being written') : undefined;
}

// Formats that are already compressed: deflating them again costs CPU (~30 MB/s on incompressible data) for nothing.
// TIFF is deliberately absent: scans are often uncompressed and shrink a lot, and compressed ones lose only CPU time.
const COMPRESSED_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'image/jpeg',
  'image/pjpeg',
  'image/jpg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'image/heif',
  'image/avif',
  'image/jp2',
  'application/zip',
  'application/x-zip-compressed',
  'application/gzip',
  'application/x-gzip',
  'application/x-7z-compressed',
  'application/vnd.rar',
  'application/x-rar-compressed',
  'audio/mpeg',
  'audio/mp3',
  'audio/mp4',
  'audio/aac',
  'audio/ogg',
]);

const COMPRESSED_MEDIA_TYPE_PREFIXES: readonly string[] = [
  'video/',
  // DOCX, XLSX, PPTX and the OpenDocument formats are ZIP files.
  'application/vnd.openxmlformats-officedocument.',
  'application/vnd.oasis.opendocument.',
];

const COMPRESSED_EXTENSIONS: ReadonlySet<string> = new Set([
  ...['pdf', 'jpg', 'jpeg', 'jpe', 'jfif', 'png', 'gif', 'webp', 'heic', 'heif', 'avif', 'jp2'],
  ...['zip', 'gz', 'tgz', '7z', 'rar', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp'],
  ...['mp4', 'm4v', 'mov', 'avi', 'mkv', 'webm', 'mp3', 'm4a', 'aac', 'ogg'],
]);

// Labels that say nothing about the content, so the file name decides instead.
const GENERIC_MEDIA_TYPES: ReadonlySet<string> = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/** Whether an entry is worth deflating: false for formats that are already compressed, true otherwise (including unknown). */
export function shouldCompress(contentType: string | undefined, fileName: string): boolean {
  const mediaType = (contentType?.split(';')[0] ?? '').trim().toLowerCase();
  if (!GENERIC_MEDIA_TYPES.has(mediaType)) {
    return !isCompressedMediaType(mediaType);
  }
  const extension = /\.([^.]+)$/u.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return !COMPRESSED_EXTENSIONS.has(extension);
}

function isCompressedMediaType(mediaType: string): boolean {
  return (
    COMPRESSED_MEDIA_TYPES.has(mediaType) ||
    mediaType.endsWith('+zip') ||
    COMPRESSED_MEDIA_TYPE_PREFIXES.some((prefix) => mediaType.startsWith(prefix))
  );
}
