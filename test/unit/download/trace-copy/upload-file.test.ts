import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { MAX_OBJECT_BYTES } from '../../../../main/download/part-sizes.js';
import { CopyCannotBeMade, uploadFileCopy } from '../../../../main/download/trace-copy/upload-file.js';

describe('the trace copy of a saved file', () => {
  it('refuses a file past S3’s 5 TiB an object before sending a byte, and says it can never be made', async () => {
    const file = join(tmpdir(), `docstore-huge-${process.pid}.zip`);
    const handle = await open(file, 'w');
    // A sparse file: it takes no disk space.
    await handle.truncate(MAX_OBJECT_BYTES + 1);
    await handle.close();
    let sent = 0;
    // An endpoint nothing listens on: any request would fail differently, so the refusal must come first.
    const s3 = new S3Client({ region: 'eu-west-2', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    s3.middlewareStack.add((next) => (args) => {
      sent += 1;
      return next(args);
    });
    try {
      const copying = uploadFileCopy({ s3, file, expected: { bytes: MAX_OBJECT_BYTES + 1, sha256: '0'.repeat(64) }, target: { bucket: 'zips', key: 'tmp/huge.zip' } });
      await expect(copying).rejects.toBeInstanceOf(CopyCannotBeMade);
      await expect(copying).rejects.toThrow(/5 TiB/u);
      expect(sent).toBe(0);
    } finally {
      s3.destroy();
      await rm(file, { force: true });
    }
  });
});
