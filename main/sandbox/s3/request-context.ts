import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checksumHeader } from './checksums.js';
import { S3Error, noSuchBucket } from './s3-error.js';
import type { Bucket, ObjectVersion, S3Store, StoredChecksum } from './store.js';
import { type XmlValue, xmlDocument } from './xml.js';

// What every operation shares: the request as the router parsed it, and the pieces of S3's answers (request ids, XML
// bodies, error documents, ETag quoting, version and checksum headers, the errors several operations raise).

/** One parsed request: where it goes, its query, and the store it acts on. */
export interface RequestContext {
  readonly store: S3Store;
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly method: string;
  readonly bucket: string;
  readonly key: string;
  readonly query: ReadonlyMap<string, string>;
  readonly payloadHash: string;
}

export const OWNER: ReadonlyArray<readonly [string, XmlValue]> = [
  ['ID', '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a'],
  ['DisplayName', 'sandbox'],
];

export function existingBucket(store: S3Store, name: string): Bucket {
  const bucket = store.buckets.get(name);
  if (bucket === undefined) {
    throw noSuchBucket(name);
  }
  return bucket;
}

export function boundedInteger(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new S3Error(400, 'InvalidArgument', `Provided ${name} not an integer or within integer range`, { ArgumentName: name, ArgumentValue: text });
  }
  return Math.min(value, fallback);
}

export function quoted(etag: string): string {
  return `"${etag}"`;
}

export function unquoted(etag: string): string {
  return etag.replace(/^"(.*)"$/u, '$1').replace(/^&quot;(.*)&quot;$/u, '$1');
}

export function checksumHeaders(checksum: StoredChecksum): Record<string, string> {
  return { [checksumHeader(checksum.algorithm)]: checksum.value, 'x-amz-checksum-type': checksum.type };
}

export function versionHeader(bucket: Bucket, version: ObjectVersion): Record<string, string> {
  return bucket.versioning === undefined ? {} : { 'x-amz-version-id': version.versionId };
}

export function methodNotAllowed(): S3Error {
  return new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
}

export function malformedXml(): S3Error {
  return new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
}

export function requestIds(): Record<string, string> {
  const id = randomUUID().replace(/-/gu, '').slice(0, 16).toUpperCase();
  return { 'x-amz-request-id': id, 'x-amz-id-2': Buffer.from(id).toString('base64') };
}

export function sendXml(
  response: ServerResponse,
  status: number,
  root: string,
  children: ReadonlyArray<readonly [string, XmlValue]>,
  headers: Record<string, string> = {},
): void {
  const body = Buffer.from(xmlDocument(root, children), 'utf8');
  response.writeHead(status, { 'content-type': 'application/xml', 'content-length': String(body.length), ...headers, ...requestIds() }).end(body);
}

export function sendError(response: ServerResponse, method: string, error: S3Error): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const ids = requestIds();
  if (method === 'HEAD') {
    // A HEAD answer has no body: S3 sends the status (and headers) alone.
    response.writeHead(error.status, { ...error.headers, ...ids }).end();
    return;
  }
  const body = Buffer.from(
    xmlDocument('Error', [
      ['Code', error.code],
      ['Message', error.message],
      ...Object.entries(error.details).map(([name, value]) => [name, value] as const),
      ['RequestId', ids['x-amz-request-id']],
      ['HostId', ids['x-amz-id-2']],
    ]).replace(' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"', ''),
    'utf8',
  );
  response.writeHead(error.status, { 'content-type': 'application/xml', 'content-length': String(body.length), ...error.headers, ...ids }).end(body);
}
