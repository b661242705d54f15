import { createHash, randomBytes } from 'node:crypto';
import { open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { MAX_OBJECT_BYTES, PART_SIZE } from '../../../../main/download/part-sizes.js';
import { crc64NvmeOf } from '../../../../main/download/trace-copy/crc64-nvme.js';
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

  it('sends the file’s bytes in order, reading every part into one buffer rather than a fresh one a part', async () => {
    const file = join(tmpdir(), `docstore-parts-${process.pid}.zip`);
    const bytes = randomBytes(2 * PART_SIZE + 123_457);
    await writeFile(file, bytes);
    const received: Buffer[] = [];
    const partBuffers = new Set<ArrayBufferLike>();
    // Stands in for S3: keeps a copy of each part as it is sent, and answers with the whole object's checksum.
    const s3 = {
      send(command: unknown) {
        if (command instanceof CreateMultipartUploadCommand) {
          return Promise.resolve({ UploadId: 'upload-1' });
        }
        if (command instanceof UploadPartCommand) {
          const body = command.input.Body as Buffer;
          received.push(Buffer.from(body));
          partBuffers.add(body.buffer);
          return Promise.resolve({ ETag: `"${received.length}"` });
        }
        if (command instanceof CompleteMultipartUploadCommand) {
          return Promise.resolve({ ChecksumCRC64NVME: crc64NvmeOf(Buffer.concat(received)), ChecksumType: 'FULL_OBJECT' });
        }
        return Promise.reject(new Error('unexpected command'));
      },
    } as unknown as S3Client;
    try {
      const copy = await uploadFileCopy({
        s3,
        file,
        expected: { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
        target: { bucket: 'zips', key: 'tmp/parts.zip' },
      });
      expect(received.map((part) => part.length)).toEqual([PART_SIZE, PART_SIZE, 123_457]);
      expect(Buffer.concat(received).equals(bytes)).toBe(true);
      expect(copy.storedChecksum).toBe(copy.localChecksum);
      // Memory: hundreds of fresh 5 MiB parts would wait for the garbage collector (docs/benchmarks.md, Memory).
      expect(partBuffers.size).toBe(1);
    } finally {
      await rm(file, { force: true });
    }
  });
});
