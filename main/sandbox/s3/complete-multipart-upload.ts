import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { DEFAULT_ALGORITHM, receiveBody } from './body.js';
import { type ChecksumAlgorithm, type Hasher, checksumHeader, hasherFor } from './checksums.js';
import { checkWritePreconditions } from './conditions.js';
import { existingUpload } from './multipart-operations.js';
import { type RequestContext, malformedXml, quoted, sendXml, unquoted, versionHeader } from './request-context.js';
import { S3Error } from './s3-error.js';
import type { Bucket, S3Store, StoredChecksum, Upload, UploadedPart } from './store.js';
import { xmlElements, xmlText } from './xml.js';

// CompleteMultipartUpload: the listed parts checked against those uploaded (order, ETags, checksums, minimum size),
// joined into the object's bytes, and the object's ETag and full-object or composite checksum worked out.

const MIN_PART_SIZE = 5 * 1024 * 1024;

export async function completeMultipartUpload(bucket: Bucket, context: RequestContext): Promise<void> {
  const { store, request, response, key } = context;
  const upload = existingUpload(store, bucket, key, context.query.get('uploadId') ?? '');
  const body = await receiveBody(request, context.payloadHash, undefined);
  const parts = listedParts(upload, (body.bytes ?? Buffer.alloc(0)).toString('utf8'));
  checkWritePreconditions(bucket, key, request);
  const algorithm: ChecksumAlgorithm = upload.checksumAlgorithm ?? DEFAULT_ALGORITHM;
  const fullObject = upload.checksumType !== 'COMPOSITE';
  const hasher = hasherFor(algorithm);
  const blobName = await joinParts(store, parts, fullObject ? hasher : undefined);
  let value: string;
  if (fullObject) {
    value = hasher.digest().toString('base64');
    const promised = request.headers[checksumHeader(algorithm)];
    if (typeof promised === 'string' && promised !== value) {
      store.removeBlob(blobName);
      throw new S3Error(400, 'BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`);
    }
  } else {
    const composite = hasherFor(algorithm);
    for (const part of parts) {
      composite.update(Buffer.from(part.checksum?.value ?? '', 'base64'));
    }
    value = `${composite.digest().toString('base64')}-${parts.length}`;
  }
  const md5s = createHash('md5');
  for (const part of parts) {
    md5s.update(Buffer.from(part.etag, 'hex'));
  }
  const checksum: StoredChecksum = { algorithm, value, type: fullObject ? 'FULL_OBJECT' : 'COMPOSITE' };
  const version = store.putVersion(bucket, key, {
    deleteMarker: false,
    etag: `${md5s.digest('hex')}-${parts.length}`,
    size: parts.reduce((sum, part) => sum + part.size, 0),
    blob: blobName,
    headers: upload.headers,
    checksum,
    partSizes: parts.map((part) => part.size),
  });
  store.endUpload(upload);
  sendXml(
    response,
    200,
    'CompleteMultipartUploadResult',
    [
      ['Location', `http://${String(request.headers.host)}/${bucket.name}/${key}`],
      ['Bucket', bucket.name],
      ['Key', key],
      ['ETag', quoted(version.etag)],
      [`Checksum${algorithm}`, value],
      ['ChecksumType', checksum.type],
    ],
    { ...versionHeader(bucket, version), 'x-amz-server-side-encryption': 'AES256' },
  );
}

/** The uploaded parts the request body lists, each checked as S3 checks it. */
function listedParts(upload: Upload, xml: string): UploadedPart[] {
  const listed = xmlElements(xml, 'Part').map((part) => ({
    partNumber: Number(xmlText(part, 'PartNumber')?.trim()),
    etag: unquoted(xmlText(part, 'ETag')?.trim() ?? ''),
    checksum: upload.checksumAlgorithm === undefined ? undefined : xmlText(part, `Checksum${upload.checksumAlgorithm}`)?.trim(),
  }));
  if (listed.length === 0 || listed.some((part) => !Number.isInteger(part.partNumber))) {
    throw malformedXml();
  }
  const parts = listed.map((asked, index) => {
    if (index > 0 && asked.partNumber <= (listed[index - 1] as { partNumber: number }).partNumber) {
      throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', { UploadId: upload.uploadId });
    }
    const part = upload.parts.get(asked.partNumber);
    if (part === undefined || part.etag !== asked.etag) {
      throw new S3Error(
        400,
        'InvalidPart',
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        { UploadId: upload.uploadId, PartNumber: asked.partNumber, ETag: asked.etag },
      );
    }
    if (upload.checksumType === 'COMPOSITE') {
      if (asked.checksum === undefined) {
        throw new S3Error(
          400,
          'InvalidRequest',
          `The upload was created using a ${upload.checksumAlgorithm?.toLowerCase() ?? ''} checksum. The complete request must include the checksum for each part. It was missing for part ${asked.partNumber} in the request.`,
        );
      }
      if (asked.checksum !== part.checksum?.value) {
        throw new S3Error(
          400,
          'InvalidPart',
          "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
          { UploadId: upload.uploadId, PartNumber: asked.partNumber },
        );
      }
    }
    return part;
  });
  parts.forEach((part, index) => {
    if (index < parts.length - 1 && part.size < MIN_PART_SIZE) {
      throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
        ProposedSize: part.size,
        MinSizeAllowed: MIN_PART_SIZE,
        PartNumber: part.partNumber,
        ETag: quoted(part.etag),
      });
    }
  });
  return parts;
}

/** Writes the parts end to end into a new blob, fed on the way to a full-object checksum's hasher; returns its name. */
async function joinParts(store: S3Store, parts: ReadonlyArray<UploadedPart>, hasher: Hasher | undefined): Promise<string> {
  const blob = store.newBlob();
  const output = createWriteStream(blob.path);
  try {
    for (const part of parts) {
      for await (const chunk of createReadStream(store.blobPath(part.blob))) {
        hasher?.update(chunk as Buffer);
        if (!output.write(chunk)) {
          await new Promise<void>((resolve) => output.once('drain', () => resolve()));
        }
      }
    }
    output.end();
    await new Promise<void>((resolve, reject) => output.once('finish', () => resolve()).once('error', reject));
  } catch (error) {
    // A write still in flight fails once the stream is destroyed; the request's own error is the one reported.
    output.once('error', () => undefined);
    output.destroy();
    store.removeBlob(blob.name);
    throw error;
  }
  return blob.name;
}
