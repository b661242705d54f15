import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { openDocumentStream } from '../../../main/download/fetch-documents.js';

// openDocumentStream against a stand-in S3 whose GetObject answers are scripted: how a body that breaks is resumed,
// and how often a GET is sent. Each GET's own retries belong to the S3 client (main/reliability/retry.ts).

const BYTES = Buffer.from('0123456789abcdefghij');
const LOCATION = { bucket: 'documents', key: 'doc-1' };

type Answer = (range: string | undefined) => Promise<{ Body: Readable; ContentLength: number; ETag: string }>;

function s3Answering(...answers: Answer[]) {
  const ranges: Array<string | undefined> = [];
  const s3 = {
    send(command: { input: { Range?: string } }) {
      ranges.push(command.input.Range);
      const answer = answers[ranges.length - 1];
      return answer === undefined ? Promise.reject(new Error('no more answers')) : answer(command.input.Range);
    },
  } as unknown as S3Client;
  return { s3, ranges };
}

/** A body that sends `bytes`, then fails as a dropped connection does. */
function breakingBody(bytes: Buffer): Readable {
  return Readable.from(
    (function* () {
      yield bytes;
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    })(),
  );
}

const whole: Answer = () => Promise.resolve({ Body: breakingBody(BYTES.subarray(0, 8)), ContentLength: BYTES.length, ETag: '"v1"' });
const rest: Answer = (range) => {
  const from = Number(/^bytes=(\d+)-$/u.exec(range ?? '')?.[1]);
  return Promise.resolve({ Body: Readable.from([BYTES.subarray(from)]), ContentLength: BYTES.length - from, ETag: '"v1"' });
};
const busy: Answer = () => Promise.reject(Object.assign(new Error('busy'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }));

describe('openDocumentStream', () => {
  it('resumes a body that breaks with a Range GET from the first byte not yet read', async () => {
    const { s3, ranges } = s3Answering(whole, rest);

    const stream = await openDocumentStream(s3, LOCATION, { retryDelaysMs: [1, 1] });
    const read = Buffer.concat(await stream.body.toArray());

    expect(read.equals(BYTES)).toBe(true);
    expect(ranges).toEqual([undefined, 'bytes=8-']);
    expect(stream.digest().bytes).toBe(BYTES.length);
  });

  it('gives up when the resume GET itself fails: the client has already retried it', async () => {
    const { s3, ranges } = s3Answering(whole, busy, rest);

    const stream = await openDocumentStream(s3, LOCATION, { retryDelaysMs: [1, 1, 1] });

    await expect(stream.body.toArray()).rejects.toMatchObject({ name: 'SlowDown' });
    expect(ranges).toEqual([undefined, 'bytes=8-']);
  });

  it('sends one GET for an object that is not there', async () => {
    const missing: Answer = () => Promise.reject(Object.assign(new Error('gone'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } }));
    const { s3, ranges } = s3Answering(missing, rest);

    await expect(openDocumentStream(s3, LOCATION, { retryDelaysMs: [1, 1, 1] })).rejects.toMatchObject({ name: 'NoSuchKey' });
    expect(ranges).toHaveLength(1);
  });
});
