import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { forEachLimited } from '../../main/sandbox/bulk-write.js';
import type { Sources } from '../lib/tasks.js';
import type { PreparedJob } from './job.js';

export interface DownloadOnceOptions {
  readonly sources: Sources;
  /** GETs in flight: the app's read-ahead, so both use the link alike. */
  readonly prefetch: number;
  readonly workDir: string;
}

/**
 * The documents downloaded once and nothing else: `prefetch` GetObjects in flight, each body streamed to a file of
 * its own. No ZIP, no hash, no upload, no fsync. On a shaped link this is the least time in which the person could
 * have the record's bytes, the yardstick "file saved" is judged against (issue 17).
 */
export function prepareDownloadOnce(s3: S3Client, options: DownloadOnceOptions): PreparedJob {
  const folder = join(options.workDir, 'download-once');
  const { bucket, keys } = options.sources;
  return {
    async run(mark) {
      mark('downloading');
      await mkdir(folder, { recursive: true });
      let written = 0;
      await forEachLimited(
        keys.map((key, index) => ({ key, index })),
        options.prefetch,
        async ({ key, index }) => {
          const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          const out = createWriteStream(join(folder, `${String(index).padStart(5, '0')}.bin`));
          await pipeline(object.Body as Readable, out);
          written += out.bytesWritten;
        },
      );
      return { outputBytes: written };
    },
    cleanUp: () => rm(folder, { recursive: true, force: true }),
  };
}
