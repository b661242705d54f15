import type { IncomingMessage } from 'node:http';
import { receiveBody } from './body.js';
import { type ChecksumAlgorithm, CHECKSUM_ALGORITHMS, checksumHeader, parseAlgorithm } from './checksums.js';
import { type RequestContext, OWNER, boundedInteger, quoted, requestIds, sendXml } from './request-context.js';
import { S3Error, noSuchUpload } from './s3-error.js';
import { type Bucket, type ChecksumType, type S3Store, type Upload, compareKeys } from './store.js';
import { checkContentLength, storedHeaders } from './write-requests.js';

// Multipart uploads in progress: CreateMultipartUpload (with the checksum algorithm and type the object will keep),
// UploadPart, ListParts, AbortMultipartUpload and ListMultipartUploads. Completing one is ./complete-multipart-upload.ts.

const MAX_PART_NUMBER = 10_000;

export async function createMultipartUpload(bucket: Bucket, context: RequestContext): Promise<void> {
  const { request } = context;
  await receiveBody(request, context.payloadHash, undefined);
  const askedAlgorithm = request.headers['x-amz-checksum-algorithm'];
  const algorithm = parseAlgorithm(typeof askedAlgorithm === 'string' ? askedAlgorithm : undefined);
  if (askedAlgorithm !== undefined && algorithm === undefined) {
    throw new S3Error(400, 'InvalidRequest', 'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]');
  }
  const askedType = request.headers['x-amz-checksum-type'];
  if (askedType !== undefined && askedType !== 'COMPOSITE' && askedType !== 'FULL_OBJECT') {
    throw new S3Error(400, 'InvalidRequest', 'Value for x-amz-checksum-type header is invalid.');
  }
  if (askedType !== undefined && algorithm === undefined) {
    throw new S3Error(400, 'InvalidRequest', 'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
  }
  let checksumType: ChecksumType | undefined;
  if (algorithm !== undefined) {
    checksumType = (askedType) ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
    if (checksumType === 'COMPOSITE' && algorithm === 'CRC64NVME') {
      throw new S3Error(400, 'InvalidRequest', 'The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
    }
    if (checksumType === 'FULL_OBJECT' && (algorithm === 'SHA1' || algorithm === 'SHA256')) {
      throw new S3Error(400, 'InvalidRequest', `The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
    }
  }
  const upload = context.store.createUpload({
    bucket: bucket.name,
    key: context.key,
    headers: storedHeaders(request),
    ...(algorithm === undefined ? {} : { checksumAlgorithm: algorithm, checksumType }),
  });
  sendXml(
    context.response,
    200,
    'InitiateMultipartUploadResult',
    [
      ['Bucket', bucket.name],
      ['Key', context.key],
      ['UploadId', upload.uploadId],
    ],
    {
      ...(algorithm === undefined ? {} : { 'x-amz-checksum-algorithm': algorithm, 'x-amz-checksum-type': checksumType as string }),
      'x-amz-server-side-encryption': 'AES256',
    },
  );
}

export function existingUpload(store: S3Store, bucket: Bucket, key: string, uploadId: string): Upload {
  const upload = store.uploads.get(uploadId);
  if (upload === undefined || upload.bucket !== bucket.name || upload.key !== key) {
    throw noSuchUpload(uploadId);
  }
  return upload;
}

export async function uploadPart(bucket: Bucket, context: RequestContext): Promise<void> {
  const { request, query } = context;
  const raw = query.get('partNumber') ?? '';
  const partNumber = Number(raw);
  if (!/^\d+$/u.test(raw) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new S3Error(400, 'InvalidArgument', `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, {
      ArgumentName: 'partNumber',
      ArgumentValue: raw,
    });
  }
  const upload = existingUpload(context.store, bucket, context.key, query.get('uploadId') ?? '');
  checkContentLength(request);
  const sent = sentChecksumAlgorithm(request);
  if (upload.checksumAlgorithm !== undefined && sent !== upload.checksumAlgorithm && (sent !== undefined || upload.checksumType === 'COMPOSITE')) {
    throw new S3Error(
      400,
      'InvalidRequest',
      `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksumAlgorithm.toLowerCase()}, actual checksum Type: ${sent?.toLowerCase() ?? 'null'}`,
    );
  }
  const blob = context.store.newBlob();
  const body = await receiveBody(request, context.payloadHash, blob.path);
  if (!context.store.uploads.has(upload.uploadId)) {
    // Aborted or completed while the part arrived.
    context.store.removeBlob(blob.name);
    throw noSuchUpload(upload.uploadId);
  }
  const part = {
    partNumber,
    etag: body.md5.toString('hex'),
    size: body.size,
    blob: blob.name,
    lastModified: new Date().toISOString(),
    ...(body.checksum.provided ? { checksum: { algorithm: body.checksum.algorithm, value: body.checksum.value } } : {}),
  };
  context.store.putPart(upload, part);
  context.response
    .writeHead(200, {
      etag: quoted(part.etag),
      ...(part.checksum === undefined ? {} : { [checksumHeader(part.checksum.algorithm)]: part.checksum.value }),
      'x-amz-server-side-encryption': 'AES256',
      ...requestIds(),
    })
    .end();
}

export function listParts(bucket: Bucket, context: RequestContext): void {
  const upload = existingUpload(context.store, bucket, context.key, context.query.get('uploadId') ?? '');
  const marker = Number(context.query.get('part-number-marker') ?? '0');
  const maxParts = boundedInteger(context.query.get('max-parts'), 1000, 'max-parts');
  const parts = [...upload.parts.values()].filter((part) => part.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const page = parts.slice(0, maxParts);
  const truncated = parts.length > maxParts;
  sendXml(context.response, 200, 'ListPartsResult', [
    ['Bucket', bucket.name],
    ['Key', upload.key],
    ['UploadId', upload.uploadId],
    ['PartNumberMarker', marker],
    ['NextPartNumberMarker', truncated ? page[page.length - 1]?.partNumber : undefined],
    ['MaxParts', maxParts],
    ['IsTruncated', truncated],
    ['Initiator', OWNER],
    ['Owner', OWNER],
    ['StorageClass', 'STANDARD'],
    ['ChecksumAlgorithm', upload.checksumAlgorithm],
    ['ChecksumType', upload.checksumType],
    ...page.map(
      (part) =>
        [
          'Part',
          [
            ['PartNumber', part.partNumber],
            ['LastModified', part.lastModified],
            ['ETag', quoted(part.etag)],
            ['Size', part.size],
            ...(part.checksum === undefined ? [] : [[`Checksum${part.checksum.algorithm}`, part.checksum.value] as const]),
          ],
        ] as const,
    ),
  ]);
}

export function abortMultipartUpload(bucket: Bucket, context: RequestContext): void {
  const upload = existingUpload(context.store, bucket, context.key, context.query.get('uploadId') ?? '');
  context.store.endUpload(upload);
  context.response.writeHead(204, requestIds()).end();
}

export function listMultipartUploads(bucket: Bucket, context: RequestContext): void {
  const { query } = context;
  const prefix = query.get('prefix') ?? '';
  const maxUploads = boundedInteger(query.get('max-uploads'), 1000, 'max-uploads');
  const keyMarker = query.get('key-marker') ?? '';
  const uploadIdMarker = query.get('upload-id-marker') ?? '';
  const uploads = [...context.store.uploads.values()]
    .filter((upload) => upload.bucket === bucket.name && upload.key.startsWith(prefix))
    .sort((a, b) => compareKeys(a.key, b.key) || a.initiated.localeCompare(b.initiated) || a.uploadId.localeCompare(b.uploadId));
  let start = 0;
  if (keyMarker !== '') {
    const markerIndex = uploadIdMarker === '' ? -1 : uploads.findIndex((upload) => upload.key === keyMarker && upload.uploadId === uploadIdMarker);
    start = markerIndex >= 0 ? markerIndex + 1 : uploads.findIndex((upload) => compareKeys(upload.key, keyMarker) > 0);
    if (start < 0) {
      start = uploads.length;
    }
  }
  const page = uploads.slice(start, start + maxUploads);
  const truncated = start + maxUploads < uploads.length;
  const last = page[page.length - 1];
  sendXml(context.response, 200, 'ListMultipartUploadsResult', [
    ['Bucket', bucket.name],
    ['KeyMarker', keyMarker],
    ['UploadIdMarker', uploadIdMarker],
    ['NextKeyMarker', truncated ? last?.key : undefined],
    ['NextUploadIdMarker', truncated ? last?.uploadId : undefined],
    ['Prefix', prefix],
    ['MaxUploads', maxUploads],
    ['IsTruncated', truncated],
    ...page.map(
      (upload) =>
        [
          'Upload',
          [
            ['Key', upload.key],
            ['UploadId', upload.uploadId],
            ['Initiator', OWNER],
            ['Owner', OWNER],
            ['StorageClass', 'STANDARD'],
            ['Initiated', upload.initiated],
            ['ChecksumAlgorithm', upload.checksumAlgorithm],
            ['ChecksumType', upload.checksumType],
          ],
        ] as const,
    ),
  ]);
}

function sentChecksumAlgorithm(request: IncomingMessage): ChecksumAlgorithm | undefined {
  const inHeader = CHECKSUM_ALGORITHMS.find((algorithm) => request.headers[checksumHeader(algorithm)] !== undefined);
  if (inHeader !== undefined) {
    return inHeader;
  }
  return parseAlgorithm(/^x-amz-checksum-(\w+)$/u.exec(String(request.headers['x-amz-trailer'] ?? '').trim().toLowerCase())?.[1]);
}
