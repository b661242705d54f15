import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { finished } from 'node:stream/promises';
import { type ChecksumAlgorithm, CHECKSUM_ALGORITHMS, checksumHeader, digestLength, hasherFor, parseAlgorithm } from './checksums.js';
import { S3Error } from './s3-error.js';

// Reading a request body as S3 does: aws-chunked framing removed (STREAMING-* payloads, with their trailing checksum),
// then every promise about the bytes checked: Content-MD5 (BadDigest), x-amz-content-sha256
// (XAmzContentSHA256Mismatch) and one x-amz-checksum-* header or trailer (BadDigest), "Checking object integrity",
// User Guide. The body also gets the checksum S3 stores when none was sent (CRC64NVME, S3's default since 2025).

/** What was received, with the digests S3 needs. */
export interface ReceivedBody {
  readonly size: number;
  readonly md5: Buffer;
  /** The checksum the client sent and S3 verified, or S3's default (CRC64NVME) when it sent none. */
  readonly checksum: { readonly algorithm: ChecksumAlgorithm; readonly value: string; readonly provided: boolean };
  /** The body itself when read into memory (XML requests). */
  readonly bytes?: Buffer;
}

const MAX_IN_MEMORY = 20 * 1024 * 1024;
export const DEFAULT_ALGORITHM: ChecksumAlgorithm = 'CRC64NVME';

/** The checksum the request promises in a header (value) or a trailer (value read later); throws on two of them. */
function promisedChecksum(request: IncomingMessage): { algorithm: ChecksumAlgorithm; value?: string; trailer: boolean } | undefined {
  const inHeaders = CHECKSUM_ALGORITHMS.filter((algorithm) => request.headers[checksumHeader(algorithm)] !== undefined);
  if (inHeaders.length > 1) {
    throw new S3Error(400, 'InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  const [algorithm] = inHeaders;
  if (algorithm !== undefined) {
    return { algorithm, value: String(request.headers[checksumHeader(algorithm)]), trailer: false };
  }
  const trailer = String(request.headers['x-amz-trailer'] ?? '');
  const trailed = parseAlgorithm(/^x-amz-checksum-(\w+)$/u.exec(trailer.trim().toLowerCase())?.[1]);
  return trailed === undefined ? undefined : { algorithm: trailed, trailer: true };
}

/**
 * Reads the body to `path` (or into memory when undefined), checking what the request promised about it; a body
 * that fails a check is removed and the S3 error thrown.
 */
export async function receiveBody(request: IncomingMessage, payloadHash: string, path: string | undefined): Promise<ReceivedBody> {
  const promised = promisedChecksum(request);
  const algorithm = promised?.algorithm ?? DEFAULT_ALGORITHM;
  const checksum = hasherFor(algorithm);
  const md5 = createHash('md5');
  const sha256 = /^[0-9a-f]{64}$/u.test(payloadHash) ? createHash('sha256') : undefined;
  const chunked = payloadHash.startsWith('STREAMING-') || (request.headers['content-encoding'] ?? '').includes('aws-chunked');
  const trailers = new Map<string, string>();
  const source = chunked ? decodeAwsChunked(request, trailers) : request;
  const file = path === undefined ? undefined : createWriteStream(path);
  const held: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      md5.update(bytes);
      checksum.update(bytes);
      sha256?.update(bytes);
      if (file === undefined) {
        if (size > MAX_IN_MEMORY) {
          throw new S3Error(400, 'MaxMessageLengthExceeded', 'Your request was too big.');
        }
        held.push(bytes);
      } else if (!file.write(bytes)) {
        await new Promise<void>((resolve) => file.once('drain', () => resolve()));
      }
    }
    if (file !== undefined) {
      file.end();
      await finished(file);
    }
    const md5Digest = md5.digest();
    const contentMd5 = request.headers['content-md5'];
    if (typeof contentMd5 === 'string') {
      const given = Buffer.from(contentMd5, 'base64');
      if (given.length !== 16) {
        throw new S3Error(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.');
      }
      if (!given.equals(md5Digest)) {
        throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
      }
    }
    if (sha256 !== undefined && sha256.digest('hex') !== payloadHash) {
      throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    const decodedLength = request.headers['x-amz-decoded-content-length'];
    if (chunked && decodedLength !== undefined && Number(decodedLength) !== size) {
      throw new S3Error(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
    }
    const value = checksum.digest().toString('base64');
    if (promised !== undefined) {
      const given = promised.trailer ? trailers.get(checksumHeader(algorithm)) : promised.value;
      if (given === undefined || Buffer.from(given, 'base64').length !== digestLength(algorithm) || Buffer.from(given, 'base64').toString('base64') !== given) {
        throw new S3Error(400, 'InvalidRequest', `Value for ${checksumHeader(algorithm)} ${promised.trailer ? 'trailing ' : ''}header is invalid.`);
      }
      if (given !== value) {
        throw new S3Error(400, 'BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`);
      }
    }
    return { size, md5: md5Digest, checksum: { algorithm, value, provided: promised !== undefined }, ...(file === undefined ? { bytes: Buffer.concat(held) } : {}) };
  } catch (error) {
    request.resume();
    if (file !== undefined) {
      // A write still in flight fails once the stream is destroyed; the request's own error is the one reported.
      file.once('error', () => undefined);
      file.destroy();
      await unlink(path as string).catch(() => undefined);
    }
    throw error;
  }
}

/** Removes aws-chunked framing (`hex-size[;chunk-signature=…]\r\n data \r\n … 0\r\n trailers \r\n\r\n`). */
async function* decodeAwsChunked(source: AsyncIterable<unknown>, trailers: Map<string, string>): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  let remaining = -1; // bytes of data left in the current chunk; -1 while reading a size line
  let inTrailers = false;
  const malformed = (): S3Error => new S3Error(400, 'IncompleteBody', 'The request body is not valid aws-chunked encoding.');
  for await (const piece of source) {
    pending = pending.length === 0 ? (piece as Buffer) : Buffer.concat([pending, piece as Buffer]);
    for (;;) {
      if (remaining > 0) {
        if (pending.length === 0) {
          break;
        }
        const take = Math.min(remaining, pending.length);
        yield pending.subarray(0, take);
        pending = pending.subarray(take);
        remaining -= take;
        continue;
      }
      const end = pending.indexOf('\r\n');
      if (end < 0) {
        break;
      }
      const line = pending.subarray(0, end).toString('latin1');
      pending = pending.subarray(end + 2);
      if (inTrailers) {
        if (line !== '') {
          const colon = line.indexOf(':');
          trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
        }
        continue;
      }
      if (remaining === 0) {
        // The CRLF after a chunk's data.
        if (line !== '') {
          throw malformed();
        }
        remaining = -1;
        continue;
      }
      const size = parseInt(line.split(';')[0] ?? '', 16);
      if (!Number.isFinite(size) || size < 0) {
        throw malformed();
      }
      if (size === 0) {
        inTrailers = true;
      } else {
        remaining = size;
      }
    }
  }
  if (!inTrailers) {
    throw malformed();
  }
}
