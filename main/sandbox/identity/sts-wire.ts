/**
 * The STS Query protocol as @aws-sdk/client-sts (awsQuery) speaks it: a form-encoded POST (`Action=…&Version=2011-06-15
 * &…`), answered with `<ActionResponse><ActionResult>…` XML, or `<ErrorResponse><Error><Type/><Code/><Message/>` with
 * the HTTP status AWS gives that error.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type XmlValue, xmlDocument } from '../s3/xml.js';

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
export const STS_VERSION = '2011-06-15';

// A WebIdentityToken may be 20,000 characters; the rest of a request is small.
const MAX_BODY_BYTES = 64 * 1024;

/** An error STS answers with: its HTTP status, code and message. */
export class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

/** The request's parameters: the query string's and the form body's (STS accepts either). */
export async function readParameters(request: IncomingMessage): Promise<{ readonly parameters: URLSearchParams; readonly body: Buffer }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new StsError(413, 'RequestEntityTooLarge', 'Request body must be less than 65536 bytes');
    }
    chunks.push(buffer);
  }
  const body = Buffer.concat(chunks);
  const url = new URL(request.url ?? '/', 'http://sts.local');
  const parameters = new URLSearchParams(url.search);
  const contentType = request.headers['content-type'] ?? '';
  if (body.length > 0 && contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
      parameters.append(name, value);
    }
  }
  return { parameters, body };
}

/** Answers an action's result. */
export function sendResult(response: ServerResponse, action: string, result: ReadonlyArray<readonly [string, XmlValue]>): void {
  const requestId = randomUUID();
  send(
    response,
    200,
    requestId,
    xmlDocument(`${action}Response`, [
      [`${action}Result`, result],
      ['ResponseMetadata', [['RequestId', requestId]]],
    ], NAMESPACE),
  );
}

/** Answers an error as STS does. */
export function sendError(response: ServerResponse, error: StsError): void {
  const requestId = randomUUID();
  send(
    response,
    error.status,
    requestId,
    xmlDocument('ErrorResponse', [
      ['Error', [['Type', error.type], ['Code', error.code], ['Message', error.message]]],
      ['RequestId', requestId],
    ], NAMESPACE),
  );
}

function send(response: ServerResponse, status: number, requestId: string, xml: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = Buffer.from(xml, 'utf8');
  response.writeHead(status, { 'content-type': 'text/xml', 'content-length': String(body.length), 'x-amzn-requestid': requestId }).end(body);
}

/** `1 validation error detected: …` / `2 validation errors detected: …; …`, as STS words its ValidationError. */
export function validationError(problems: ReadonlyArray<string>): StsError {
  const count = problems.length;
  return new StsError(400, 'ValidationError', `${count} validation error${count === 1 ? '' : 's'} detected: ${problems.join('; ')}`);
}

/** AWS's date-time form: ISO 8601 in UTC to the second. */
export function awsTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/u, 'Z');
}
