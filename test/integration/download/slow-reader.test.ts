import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteBucketCommand, DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../main/aws/clients.js';
import { type ZipCandidate, writeDocuments } from '../../../main/download/write-documents.js';
import type { ZipWriter } from '../../../main/download/zip-writer.js';
import { createTestBucket, sha256Of } from '../../support/download-fixture.js';
import { sandboxEnv, suiteSandbox } from '../../support/sandbox-backend.js';

// A ZIP drained far slower than the documents arrive (a slow uplink, a slow disk): documents opened ahead sit unread,
// and the one being written is read in bursts, for longer than the no-byte deadline. On the sandbox's S3, with the
// deadline injected short, the job must still read every document whole: a reader that is busy is not a stall. (The
// pauses are real time because the connections are; nothing is timed.)

const NO_BYTE_TIMEOUT_MS = 300;
// Well past the deadline, so a connection timed while nobody reads it would be cut.
const PAUSE_MS = 3 * NO_BYTE_TIMEOUT_MS;
const MIB = 1024 * 1024;

/** A ZIP writer slower than the network: it pauses before each entry and once in the middle of reading it. */
function pausingWriter(): ZipWriter {
  return {
    async addEntry(_name, source: Readable) {
      await sleep(PAUSE_MS);
      let pausedOnce = false;
      for await (const _chunk of source) {
        if (!pausedOnce) {
          pausedOnce = true;
          await sleep(PAUSE_MS);
        }
      }
    },
    finish: () => Promise.resolve(0),
    abort: () => undefined,
  };
}

describe('a ZIP drained slower than the network', () => {
  const suite = suiteSandbox();

  it('reads every document whole although those opened ahead wait unread past the no-byte deadline', async () => {
    const bucket = await createTestBucket(suite.backend);
    const documents = Array.from({ length: 3 }, (_, index) => ({ key: `slow-reader/${index}.pdf`, bytes: randomBytes(MIB) }));
    for (const { key, bytes } of documents) {
      await suite.backend.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
    }
    const env = sandboxEnv();
    const clients = createAwsClients(suite.backend.config, {
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '' },
      noByteTimeoutMs: NO_BYTE_TIMEOUT_MS,
    });
    suite.cleanUps.push(async () => {
      clients.close();
      for (const { key } of documents) {
        await suite.backend.clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      }
      await suite.backend.clients.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    });
    const candidates: ZipCandidate[] = documents.map(({ key }, index) => ({
      document: { id: `doc-${index}`, nhsNumber: '9990000018', location: `s3://${bucket}/${key}`, fileName: `${index}.pdf`, uploaded: true, typeCodes: [] },
      entryName: `${index}.pdf`,
    }));

    const outcomes = await writeDocuments(pausingWriter(), clients.s3, candidates, { prefetch: 4, retryDelaysMs: [10] });

    expect(outcomes.map((outcome) => (outcome.status === 'included' ? outcome.sha256 : outcome.error))).toEqual(documents.map(({ bytes }) => sha256Of(bytes)));
  });
});
