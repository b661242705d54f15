import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestHandler } from 'local-aws-sqs';
import { closeServer, listenOnLoopback, LOOPBACK } from './loopback-server.js';

// A front for local-aws-sqs that counts message sizes as SQS does. local-aws-sqs measures a message in UTF-16 code
// units (and a binary attribute by its base64 text); SQS counts UTF-8 bytes of the body plus every message
// attribute's name, type and value ("The message size includes the message body and any message attributes
// (name, data type, and value)"; MaximumMessageSize: "The limit of how many bytes a message can contain before
// Amazon SQS rejects it", SQS API Reference, SendMessage and CreateQueue). The front answers as SQS does:
// - SendMessage over the queue's MaximumMessageSize: 400 InvalidParameterValue, "One or more parameters are
//   invalid. Reason: Message must be shorter than N bytes." (the request is not passed on);
// - SendMessageBatch whose messages together exceed 1 MiB: 400 AWS.SimpleQueueService.BatchRequestTooLong ("The
//   maximum allowed individual message size and the maximum total payload size (the sum of the individual lengths
//   of all of the batched messages) are both 1 MiB", API Reference, SendMessageBatch);
// - a batch entry over the queue's MaximumMessageSize: that entry in `Failed` with InvalidParameterValue and
//   SenderFault, the other entries sent.
// Everything else, and the request-level checks SQS makes before these (entry count, distinct ids), stays with the
// emulator. The SDK speaks the JSON protocol; a query-protocol (form-encoded) send is refused rather than passed on
// unchecked.

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
/** SendMessageBatch's limit on the sum of its messages, whatever the queue's MaximumMessageSize. */
export const BATCH_PAYLOAD_LIMIT = 1_048_576;
const MAX_BATCH_ENTRIES = 10;

/** A message attribute as the JSON protocol carries it. */
interface MessageAttributeValue {
  readonly DataType?: unknown;
  readonly StringValue?: unknown;
  readonly BinaryValue?: unknown;
}

/** The parts of a SendMessage request or batch entry that count towards its size. */
export interface SizedMessage {
  readonly MessageBody?: unknown;
  readonly MessageAttributes?: unknown;
}

/** A message's size as SQS counts it: UTF-8 bytes of the body and of each attribute's name, type and value. */
export function messageSize(message: SizedMessage): number {
  let size = utf8Bytes(message.MessageBody);
  const attributes = message.MessageAttributes;
  if (attributes !== null && typeof attributes === 'object') {
    for (const [name, value] of Object.entries(attributes as Record<string, MessageAttributeValue | null>)) {
      size += Buffer.byteLength(name, 'utf8');
      if (value === null || typeof value !== 'object') {
        continue;
      }
      size += utf8Bytes(value.DataType) + utf8Bytes(value.StringValue);
      if (typeof value.BinaryValue === 'string') {
        // The JSON protocol carries binary values in base64; SQS counts the bytes themselves.
        size += Buffer.from(value.BinaryValue, 'base64').length;
      }
    }
  }
  return size;
}

function utf8Bytes(value: unknown): number {
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0;
}

/** An SQS error as the JSON protocol sends it (with the query-compatible code the SDK reads). */
interface SqsError {
  readonly status: number;
  readonly type: string;
  readonly code: string;
  readonly message: string;
}

export function messageTooLong(limit: number): SqsError {
  return {
    status: 400,
    type: 'com.amazon.coral.service#InvalidParameterValueException',
    code: 'InvalidParameterValue',
    message: `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`,
  };
}

export function batchTooLong(total: number): SqsError {
  return {
    status: 400,
    type: 'com.amazonaws.sqs#BatchRequestTooLong',
    code: 'AWS.SimpleQueueService.BatchRequestTooLong',
    message: `Batch requests cannot be longer than ${BATCH_PAYLOAD_LIMIT} bytes. You have sent ${total} bytes.`,
  };
}

/** The running front and the emulator behind it. */
export interface SqsFront {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts local-aws-sqs behind a front on a free loopback port; queue URLs name the front. */
export async function startSqsFront(): Promise<SqsFront> {
  const front = http.createServer();
  await listenOnLoopback(front);
  const port = (front.address() as AddressInfo).port;
  // The emulator builds queue URLs from these options: they must name the front, or the SDK (which sends each request
  // to its queue's URL) would go round it.
  const { requestHandler } = createRequestHandler({ port, hostname: LOOPBACK });
  const emulator = http.createServer((request, response) => void requestHandler(request, response));
  await listenOnLoopback(emulator);
  const upstream = { host: LOOPBACK, port: (emulator.address() as AddressInfo).port };
  front.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle(upstream, request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        sendError(response, { status: 500, type: 'com.amazonaws.sqs#InternalError', code: 'InternalError', message: String(error) });
      } else {
        response.destroy();
      }
    });
  });
  return {
    url: `http://${LOOPBACK}:${port}`,
    async close() {
      await Promise.all([closeServer(front), closeServer(emulator)]);
    },
  };
}

interface Upstream {
  readonly host: string;
  readonly port: number;
}

async function handle(upstream: Upstream, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  const target = String(request.headers['x-amz-target'] ?? '');
  const isJson = (request.headers['content-type'] ?? '').startsWith(JSON_CONTENT_TYPE);
  if (!isJson && /(?:^|&)Action=SendMessage(?:Batch)?(?:&|$)/u.test(body.toString('utf8'))) {
    sendError(response, {
      status: 400,
      type: 'com.amazonaws.sqs#UnsupportedOperation',
      code: 'AWS.SimpleQueueService.UnsupportedOperation',
      message: 'The sandbox checks message sizes in the JSON protocol only; send with a current AWS SDK.',
    });
    return;
  }
  if (isJson && (target === 'AmazonSQS.SendMessage' || target === 'AmazonSQS.SendMessageBatch')) {
    const input = parseJson(body);
    if (input !== undefined) {
      const limit = await maximumMessageSize(upstream, request, input.QueueUrl);
      if (limit !== undefined) {
        if (target === 'AmazonSQS.SendMessage') {
          if (messageSize(input) > limit) {
            sendError(response, messageTooLong(limit));
            return;
          }
        } else if (await sendBatch(upstream, request, response, input, limit)) {
          return;
        }
      }
    }
  }
  const answer = await forward(upstream, request, body);
  response.writeHead(answer.status, answer.headers).end(answer.body);
}

/**
 * Checks a batch's sizes; returns false when the emulator should answer it unchanged (request-level problems it
 * reports itself, or nothing to refuse), true once the front has answered.
 */
async function sendBatch(
  upstream: Upstream,
  request: IncomingMessage,
  response: ServerResponse,
  input: Record<string, unknown>,
  limit: number,
): Promise<boolean> {
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_BATCH_ENTRIES) {
    return false;
  }
  const sized = entries.map((entry: unknown) => ({ entry: entry as Record<string, unknown>, size: messageSize((entry ?? {}) as SizedMessage) }));
  const ids = sized.map(({ entry }) => entry.Id);
  if (new Set(ids).size !== ids.length) {
    return false;
  }
  const total = sized.reduce((sum, { size }) => sum + size, 0);
  if (total > BATCH_PAYLOAD_LIMIT) {
    sendError(response, batchTooLong(total));
    return true;
  }
  const tooLong = sized.filter(({ size }) => size > limit);
  if (tooLong.length === 0) {
    return false;
  }
  const failed = tooLong.map(({ entry }) => ({ Id: entry.Id, Code: 'InvalidParameterValue', Message: messageTooLong(limit).message, SenderFault: true }));
  const rest = sized.filter(({ size }) => size <= limit).map(({ entry }) => entry);
  let merged: { Successful?: unknown[]; Failed?: unknown[] } = {};
  if (rest.length > 0) {
    const answer = await forward(upstream, request, Buffer.from(JSON.stringify({ ...input, Entries: rest })));
    if (answer.status !== 200) {
      response.writeHead(answer.status, answer.headers).end(answer.body);
      return true;
    }
    merged = (parseJson(answer.body) ?? {});
  }
  const result = { Successful: merged.Successful ?? [], Failed: [...(merged.Failed ?? []), ...failed] };
  response
    .writeHead(200, { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': randomUUID() })
    .end(JSON.stringify(result));
  return true;
}

/** The queue's MaximumMessageSize as the emulator reports it; undefined when it cannot (the emulator then answers). */
async function maximumMessageSize(upstream: Upstream, request: IncomingMessage, queueUrl: unknown): Promise<number | undefined> {
  if (typeof queueUrl !== 'string') {
    return undefined;
  }
  const asked = await forward(
    upstream,
    { method: 'POST', url: request.url ?? '/', headers: { ...request.headers, 'x-amz-target': 'AmazonSQS.GetQueueAttributes' } },
    Buffer.from(JSON.stringify({ QueueUrl: queueUrl, AttributeNames: ['MaximumMessageSize'] })),
  );
  if (asked.status !== 200) {
    return undefined;
  }
  const value = Number((parseJson(asked.body)?.Attributes as Record<string, unknown> | undefined)?.MaximumMessageSize);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

function forward(
  upstream: Upstream,
  request: Pick<IncomingMessage, 'method' | 'url' | 'headers'>,
  body: Buffer,
): Promise<Answer> {
  const headers = { ...request.headers, 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ ...upstream, method: request.method, path: request.url, headers }, (answer) => {
      readBody(answer).then((answerBody) => {
        const answerHeaders = { ...answer.headers, 'content-length': String(answerBody.length) };
        delete answerHeaders['transfer-encoding'];
        delete answerHeaders.connection;
        resolve({ status: answer.statusCode ?? 500, headers: answerHeaders, body: answerBody });
      }, reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function sendError(response: ServerResponse, error: SqsError): void {
  response
    .writeHead(error.status, {
      'content-type': JSON_CONTENT_TYPE,
      'x-amzn-requestid': randomUUID(),
      'x-amzn-query-error': `${error.code};Sender`,
    })
    .end(JSON.stringify({ __type: error.type, message: error.message }));
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
