import { Readable } from 'node:stream';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpHandlerOptions } from '@smithy/types';
import { type DeadlineTimers, SYSTEM_TIMERS, answeredWithin, timedWhileRead } from './no-byte-deadline.js';

// Where the no-byte deadline of an AWS request runs. A request that sends a body (an upload, every DynamoDB, SQS and
// STS call) keeps the socket's idle timer: it is timed while it sends and while it awaits the answer, and its answer
// is read by the SDK at once. A request that sends none (S3 GET and HEAD) may hand its body to a reader that is slower
// than the network, such as a document opened ahead of the ZIP: its answer is awaited under the deadline, and its
// body is timed only while the reader waits for bytes (./no-byte-deadline.ts). A body the SDK reads itself (a listing,
// an error) is pulled at once, so it is timed as before.

type HttpRequest = Parameters<NodeHttpHandler['handle']>[0];
type HttpAnswer = Awaited<ReturnType<NodeHttpHandler['handle']>>;

const SENDS_NO_BODY: ReadonlySet<string> = new Set(['GET', 'HEAD']);

export interface ReaderPacedHandlers {
  /** For requests that send a body: its socket idle timeout is the deadline. */
  readonly sending: NodeHttpHandler;
  /** For requests that send none: no socket idle timeout, the deadline runs here. */
  readonly fetching: NodeHttpHandler;
  readonly noByteTimeoutMs: number;
  readonly timers?: DeadlineTimers;
}

/** The SDK request handler that applies the no-byte deadline as above: one handler, two connection pools. */
export class ReaderPacedHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };

  constructor(private readonly handlers: ReaderPacedHandlers) {}

  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<HttpAnswer> {
    const { sending, fetching, noByteTimeoutMs, timers = SYSTEM_TIMERS } = this.handlers;
    if (!SENDS_NO_BODY.has(request.method.toUpperCase())) {
      return sending.handle(request, options);
    }
    const ours = new AbortController();
    const callers = options.abortSignal as AbortSignal | undefined;
    const abortSignal = callers === undefined ? ours.signal : AbortSignal.any([callers, ours.signal]);
    const answer = await answeredWithin(fetching.handle(request, { ...options, abortSignal }), noByteTimeoutMs, () => ours.abort(), timers);
    const { body } = answer.response as { body: unknown };
    if (body instanceof Readable) {
      answer.response.body = timedWhileRead(body, noByteTimeoutMs, timers);
    }
    return answer;
  }

  updateHttpClientConfig(...change: Parameters<NodeHttpHandler['updateHttpClientConfig']>): void {
    this.handlers.sending.updateHttpClientConfig(...change);
    this.handlers.fetching.updateHttpClientConfig(...change);
  }

  httpHandlerConfigs(): ReturnType<NodeHttpHandler['httpHandlerConfigs']> {
    return this.handlers.sending.httpHandlerConfigs();
  }

  destroy(): void {
    this.handlers.sending.destroy();
    this.handlers.fetching.destroy();
  }
}
