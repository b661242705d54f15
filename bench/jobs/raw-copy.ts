import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { Sources } from '../lib/tasks.js';
import type { PreparedJob } from './job.js';
import { uploadPooled } from './pooled-multipart.js';

export interface RawCopyOptions {
  readonly sources: Sources;
  readonly zipBucket: string;
  readonly prefetch: number;
  readonly partSize: number;
  readonly queueSize: number;
  readonly workDir: string;
}

/**
 * The raw copy limit: the same bytes moved with nothing else done.
 *
 * GETs (`prefetch` in flight) are concatenated into one multipart PUT, then that object is read back with one GET
 * to a file. No ZIP framing, no hashing, no trace, no audit, no fsync.
 */
export function prepareRawCopy(s3: S3Client, options: RawCopyOptions): PreparedJob {
  const key = `bench/raw-${randomUUID()}`;
  const file = join(options.workDir, 'raw-copy.bin');
  return {
    async run(mark) {
      mark('copying');
      const source = concatenated(s3, options.sources, options.prefetch);
      await uploadPooled(s3, { Bucket: options.zipBucket, Key: key }, source, options.partSize, options.queueSize);
      mark('saving');
      const object = await s3.send(new GetObjectCommand({ Bucket: options.zipBucket, Key: key }));
      const out = createWriteStream(file);
      await pipeline(object.Body as Readable, out);
      return { outputBytes: out.bytesWritten };
    },
    async cleanUp() {
      await s3.send(new DeleteObjectCommand({ Bucket: options.zipBucket, Key: key }));
      await rm(file, { force: true });
    },
  };
}

async function* concatenated(s3: S3Client, sources: Sources, depth: number): AsyncGenerator<Buffer> {
  const opened: Array<Promise<GetObjectCommandOutput>> = [];
  let next = 0;
  let index = 0;
  try {
    for (; index < sources.keys.length; index += 1) {
      for (; next < Math.min(sources.keys.length, index + depth); next += 1) {
        opened.push(s3.send(new GetObjectCommand({ Bucket: sources.bucket, Key: sources.keys[next] })));
      }
      const object = await (opened[index] as Promise<GetObjectCommandOutput>);
      for await (const chunk of object.Body as Readable) {
        yield chunk as Buffer;
      }
    }
  } finally {
    // Bodies opened ahead and never read must not keep their connections.
    for (const pending of opened.slice(index + 1)) {
      pending.then((object) => (object.Body as Readable).destroy(), () => undefined);
    }
  }
}
