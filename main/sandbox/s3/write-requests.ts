import type { IncomingMessage } from 'node:http';
import { S3Error } from './s3-error.js';

// What a write (PutObject, CreateMultipartUpload, UploadPart) sends beside its bytes: the length it must declare, and
// the headers S3 keeps with the object and returns on GET and HEAD.

const MAX_OBJECT_SIZE = 5 * 1024 ** 3;
const STORED_HEADERS = ['content-type', 'content-disposition', 'content-encoding', 'content-language', 'cache-control', 'expires'] as const;

export function checkContentLength(request: IncomingMessage): void {
  const length = request.headers['x-amz-decoded-content-length'] ?? request.headers['content-length'];
  if (length === undefined) {
    throw new S3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
  }
  if (Number(length) > MAX_OBJECT_SIZE) {
    throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { ProposedSize: String(length), MaxSizeAllowed: MAX_OBJECT_SIZE });
  }
}

export function storedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'binary/octet-stream' };
  for (const name of STORED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') {
      headers[name] = value;
    }
  }
  // aws-chunked is the transfer's framing, not the object's encoding.
  if (headers['content-encoding'] !== undefined) {
    const kept = headers['content-encoding'].split(',').map((token) => token.trim()).filter((token) => token !== '' && token !== 'aws-chunked');
    if (kept.length === 0) {
      delete headers['content-encoding'];
    } else {
      headers['content-encoding'] = kept.join(',');
    }
  }
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith('x-amz-meta-') && typeof value === 'string') {
      headers[name] = value;
    }
  }
  return headers;
}
