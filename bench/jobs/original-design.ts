import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ZipArchive } from 'archiver';
import type { Sources } from '../lib/tasks.js';
import type { AppModules } from './app-modules.js';
import { downloadToFile } from './download-url.js';
import type { PreparedJob } from './job.js';

export interface OriginalDesignOptions {
  readonly sources: Sources;
  readonly zipBucket: string;
  /** 8 as the original (`ZipOutputStream.setLevel(DEFLATED)`); 0 stores instead, to isolate the design from deflate. */
  readonly deflateLevel: number;
  readonly workDir: string;
}

/**
 * The original system's design (original-system.md §5): sequential GETs, each read whole into memory, written into
 * a ZIP built in memory, the ZIP copied out whole (`toByteArray()`), one PutObject, then a presigned GET saved to disk
 * as a browser does (no verification).
 *
 * It is given the object keys rather than querying, and keeps one copy of each document instead of the JVM's two, so
 * it is if anything flattered.
 */
export function prepareOriginalDesign(app: AppModules, s3: S3Client, options: OriginalDesignOptions): PreparedJob {
  const key = `tmp/${randomUUID()}`;
  const file = join(options.workDir, 'original.zip');
  return {
    async run(mark) {
      mark('zipping');
      const zip = new ZipArchive(options.deflateLevel === 0 ? { store: true } : { zlib: { level: options.deflateLevel } });
      const parts: Buffer[] = [];
      let size = 0;
      zip.on('data', (chunk: Buffer) => {
        parts.push(chunk);
        size += chunk.length;
      });
      const ended = new Promise<void>((resolve, reject) => {
        zip.once('end', resolve);
        zip.once('error', reject);
      });
      for (const [index, sourceKey] of options.sources.keys.entries()) {
        const object = await s3.send(new GetObjectCommand({ Bucket: options.sources.bucket, Key: sourceKey }));
        const array = await (object.Body as NonNullable<typeof object.Body>).transformToByteArray();
        await appendWhole(zip, Buffer.from(array.buffer, array.byteOffset, array.byteLength), options.sources.fileNames[index] ?? sourceKey);
      }
      await Promise.all([zip.finalize(), ended]);
      // ByteArrayOutputStream.toByteArray(): a second whole copy, alive together with the first until the PUT ends.
      const body = Buffer.concat(parts, size);
      mark('uploading');
      await s3.send(new PutObjectCommand({ Bucket: options.zipBucket, Key: key, Body: body, ContentLength: body.length, ContentType: 'application/zip' }));
      parts.length = 0;
      mark('saving');
      const url = await app.presignZipDownload(s3, { bucket: options.zipBucket, key }, 'patient-record.zip', 1800);
      return { outputBytes: await downloadToFile(url, file) };
    },
    async cleanUp() {
      await s3.send(new DeleteObjectCommand({ Bucket: options.zipBucket, Key: key }));
      await rm(file, { force: true });
    },
  };
}

// ZipOutputStream writes (and deflates) one entry before the next GET starts.
function appendWhole(zip: ZipArchive, bytes: Buffer, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onEntry = (): void => {
      zip.off('error', onError);
      resolve();
    };
    const onError = (error: Error): void => {
      zip.off('entry', onEntry);
      reject(error);
    };
    zip.once('entry', onEntry);
    zip.once('error', onError);
    zip.append(bytes, { name, date: new Date() });
  });
}
