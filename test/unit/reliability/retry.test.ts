import { Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { SDK_MAX_ATTEMPTS, sdkRetryStrategy, withRetries } from '../../../main/reliability/retry.js';

/** An operation failing with these errors in turn, then succeeding with 'done'. */
function failingWith(...errors: Error[]) {
  return vi.fn(() => {
    const error = errors.shift();
    return error === undefined ? Promise.resolve('done') : Promise.reject(error);
  });
}

describe('withRetries', () => {
  it('tries once more than there are delays, then throws the last failure', async () => {
    const operation = failingWith(new Error('one'), new Error('two'), new Error('three'), new Error('four'));

    await expect(withRetries(operation, { delays: [1, 1] })).rejects.toThrow('three');
    expect(operation).toHaveBeenCalledTimes(3);
  });

  it('returns the first success', async () => {
    const operation = failingWith(new Error('blip'));

    await expect(withRetries(operation, { delays: [1, 1] })).resolves.toBe('done');
    expect(operation).toHaveBeenCalledTimes(2);
  });

  it('stops at a failure the rule says retrying cannot fix', async () => {
    const operation = failingWith(new Error('permanent'));

    await expect(withRetries(operation, { delays: [1, 1], shouldRetry: (error) => (error as Error).message !== 'permanent' })).rejects.toThrow(
      'permanent',
    );
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('starts the delays again after a try that made progress', async () => {
    let done = 0;
    const operation = vi.fn(() => {
      done += 1;
      return done < 6 ? Promise.reject(new Error(`cut after ${done}`)) : Promise.resolve('done');
    });

    await expect(withRetries(operation, { delays: [1], progress: () => done })).resolves.toBe('done');
    expect(operation).toHaveBeenCalledTimes(6);
  });

  it('waits with a quarter of jitter either way', async () => {
    const waits: number[] = [];
    vi.spyOn(Math, 'random').mockReturnValueOnce(0).mockReturnValueOnce(0.999);
    const started = performance.now();
    const operation = vi.fn(() => {
      waits.push(performance.now() - started);
      return Promise.reject(new Error('down'));
    });

    await expect(withRetries(operation, { delays: [40, 40] })).rejects.toThrow('down');
    vi.restoreAllMocks();
    // Node may fire a timer up to a millisecond before performance.now() says it is due (seen once in CI at 30 ms).
    expect(waits[1]! - waits[0]!).toBeGreaterThanOrEqual(28);
    expect(waits[2]! - waits[1]!).toBeGreaterThanOrEqual(48);
  });

  it('stops waiting when the signal aborts, with the signal’s reason', async () => {
    const controller = new AbortController();
    const operation = failingWith(new Error('down'));
    setTimeout(() => controller.abort(), 20);
    const started = performance.now();

    await expect(withRetries(operation, { delays: [60_000], signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('does not start when the signal has already aborted', async () => {
    const operation = failingWith();

    await expect(withRetries(operation, { delays: [], signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(operation).not.toHaveBeenCalled();
  });
});

describe('sdkRetryStrategy: the SDK clients retry by the same rule', () => {
  const NOT_FOUND = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>gone</Message></Error>';
  const BUSY = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>busy</Message></Error>';

  /** An S3 client whose every request is answered in turn by `answers` (the last one repeats), counting requests. */
  function s3Answering(...answers: Array<{ status: number; body: string }>) {
    const requests: string[] = [];
    const requestHandler = {
      handle(request: { path: string }) {
        requests.push(request.path);
        const answer = answers[Math.min(requests.length - 1, answers.length - 1)]!;
        return Promise.resolve({
          response: { statusCode: answer.status, headers: { 'content-type': 'application/xml' }, body: Readable.from([Buffer.from(answer.body)]) },
        });
      },
    };
    const s3 = new S3Client({
      region: 'eu-west-2',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      endpoint: 'http://127.0.0.1:1',
      forcePathStyle: true,
      maxAttempts: SDK_MAX_ATTEMPTS,
      retryStrategy: sdkRetryStrategy([1, 1]),
      requestHandler,
    });
    return { s3, requests };
  }

  it('asks once for an object that does not exist', async () => {
    const { s3, requests } = s3Answering({ status: 404, body: NOT_FOUND });

    await expect(s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'lost' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    expect(requests).toHaveLength(1);
  });

  it('tries a busy store three times in all, then gives up with its error', async () => {
    const { s3, requests } = s3Answering({ status: 503, body: BUSY });

    await expect(s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))).rejects.toMatchObject({ name: 'SlowDown' });
    expect(requests).toHaveLength(3);
  });

  it('succeeds on the retry after a server error', async () => {
    const { s3, requests } = s3Answering({ status: 500, body: BUSY }, { status: 200, body: 'the bytes' });

    const object = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));

    expect(await object.Body?.transformToString()).toBe('the bytes');
    expect(requests).toHaveLength(2);
  });
});
