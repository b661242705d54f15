import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { describe, expect, it } from 'vitest';
import { ReaderPacedHandler } from '../../../main/reliability/reader-paced-handler.js';
import { StalledError } from '../../../main/reliability/retryable.js';
import { manualClock } from '../../support/manual-timers.js';

// Which deadline an AWS request gets: one that sends a body keeps the socket's (its handler's own), one that sends
// none is timed here, its body only while read. Stand-in handlers answer; the clock moves by hand.

const DEADLINE_MS = 300;

type Answer = (signal: AbortSignal | undefined) => Promise<{ response: { statusCode: number; headers: object; body: unknown } }>;

/** A stand-in NodeHttpHandler: answers with `answer`, keeping the methods it was asked to send. */
function standIn(answer: Answer): { handler: NodeHttpHandler; methods: string[] } {
  const methods: string[] = [];
  const handler = {
    handle(request: { method: string }, options: { abortSignal?: AbortSignal } = {}) {
      methods.push(request.method);
      return answer(options.abortSignal);
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  } as unknown as NodeHttpHandler;
  return { handler, methods };
}

const answered = (body: unknown): Answer => () => Promise.resolve({ response: { statusCode: 200, headers: {}, body } });
const request = (method: string) => ({ method, protocol: 'http:', hostname: 'localhost', path: '/', headers: {}, query: {} }) as unknown as Parameters<NodeHttpHandler['handle']>[0];

describe('ReaderPacedHandler', () => {
  it('sends uploads and every other request with a body through the handler whose socket has the deadline, untouched', async () => {
    const uploadBody = new PassThrough();
    const sending = standIn(answered(uploadBody));
    const fetching = standIn(answered(new PassThrough()));
    const handler = new ReaderPacedHandler({ sending: sending.handler, fetching: fetching.handler, noByteTimeoutMs: DEADLINE_MS, timers: manualClock().timers });

    const answers = [await handler.handle(request('PUT')), await handler.handle(request('POST'))];

    expect(sending.methods).toEqual(['PUT', 'POST']);
    expect(fetching.methods).toEqual([]);
    expect(answers[0]?.response.body).toBe(uploadBody);
  });

  it('gives a GET’s body a deadline that never runs while nobody reads it', async () => {
    const clock = manualClock();
    const source = new PassThrough();
    const fetching = standIn(answered(source));
    const handler = new ReaderPacedHandler({ sending: standIn(answered(null)).handler, fetching: fetching.handler, noByteTimeoutMs: DEADLINE_MS, timers: clock.timers });

    const { response } = await handler.handle(request('GET'));
    const body = response.body as PassThrough;
    await nextTurn();
    clock.advance(100 * DEADLINE_MS);
    source.end(Buffer.from('the document'));

    expect(fetching.methods).toEqual(['GET']);
    expect(Buffer.concat(await body.toArray()).toString()).toBe('the document');
  });

  it('fails a GET whose answer does not come within the deadline as stalled, and cancels it', async () => {
    const clock = manualClock();
    let cancelled = false;
    const fetching = standIn(
      (signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => {
            cancelled = true;
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
          });
        }),
    );
    const handler = new ReaderPacedHandler({ sending: standIn(answered(null)).handler, fetching: fetching.handler, noByteTimeoutMs: DEADLINE_MS, timers: clock.timers });

    const failure = handler.handle(request('GET')).catch((error: unknown) => error);
    clock.advance(DEADLINE_MS);

    expect(await failure).toBeInstanceOf(StalledError);
    expect(cancelled).toBe(true);
  });

  it('still ends a GET when the job is cancelled', async () => {
    const fetching = standIn(
      (signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
        }),
    );
    const handler = new ReaderPacedHandler({ sending: standIn(answered(null)).handler, fetching: fetching.handler, noByteTimeoutMs: DEADLINE_MS, timers: manualClock().timers });
    const cancel = new AbortController();

    const failure = handler.handle(request('GET'), { abortSignal: cancel.signal }).catch((error: unknown) => error);
    cancel.abort();

    expect(await failure).toMatchObject({ name: 'AbortError' });
  });
});
