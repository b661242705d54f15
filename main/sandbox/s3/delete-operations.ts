import { receiveBody } from './body.js';
import { CHECKSUM_ALGORITHMS, checksumHeader } from './checksums.js';
import { type RequestContext, existingBucket, malformedXml, requestIds, sendXml } from './request-context.js';
import { S3Error } from './s3-error.js';
import type { Bucket, S3Store } from './store.js';
import { type XmlValue, xmlElements, xmlText } from './xml.js';

// Deleting objects, one (DeleteObject) or many (DeleteObjects), as versioning decides: a delete marker in a
// versioning-enabled bucket, the version itself when one is named or the bucket is unversioned.

export function deleteObject(bucket: Bucket, context: RequestContext): void {
  const outcome = deleteOne(context.store, bucket, context.key, context.query.get('versionId'));
  context.response
    .writeHead(204, {
      ...requestIds(),
      ...(outcome.deleteMarker ? { 'x-amz-delete-marker': 'true' } : {}),
      ...(outcome.versionId === undefined ? {} : { 'x-amz-version-id': outcome.versionId }),
    })
    .end();
}

export async function deleteObjects(context: RequestContext): Promise<void> {
  const bucket = existingBucket(context.store, context.bucket);
  const { headers } = context.request;
  const hasChecksum = headers['content-md5'] !== undefined || CHECKSUM_ALGORITHMS.some((algorithm) => headers[checksumHeader(algorithm)] !== undefined) || headers['x-amz-trailer'] !== undefined;
  if (!hasChecksum) {
    throw new S3Error(400, 'InvalidRequest', 'Missing required header for this request: Content-MD5');
  }
  const body = await receiveBody(context.request, context.payloadHash, undefined);
  const xml = (body.bytes ?? Buffer.alloc(0)).toString('utf8');
  const objects = xmlElements(xml, 'Object');
  if (objects.length === 0 || objects.length > 1000) {
    throw malformedXml();
  }
  const quiet = xmlText(xml, 'Quiet')?.trim() === 'true';
  const results: Array<readonly [string, XmlValue]> = [];
  for (const object of objects) {
    const key = xmlText(object, 'Key') ?? '';
    const versionId = xmlText(object, 'VersionId');
    const outcome = deleteOne(context.store, bucket, key, versionId);
    if (!quiet) {
      results.push([
        'Deleted',
        [
          ['Key', key],
          ['VersionId', versionId],
          ['DeleteMarker', outcome.deleteMarker ? true : undefined],
          ['DeleteMarkerVersionId', outcome.deleteMarker && versionId === undefined ? outcome.versionId : undefined],
        ],
      ]);
    }
  }
  sendXml(context.response, 200, 'DeleteResult', results);
}

function deleteOne(store: S3Store, bucket: Bucket, key: string, versionId: string | undefined): { deleteMarker: boolean; versionId?: string } {
  if (versionId !== undefined) {
    const removed = store.deleteVersion(bucket, key, versionId);
    return { deleteMarker: removed?.deleteMarker === true, versionId };
  }
  if (bucket.versioning === undefined) {
    store.deleteVersion(bucket, key, 'null');
    return { deleteMarker: false };
  }
  const marker = store.putVersion(bucket, key, { deleteMarker: true, etag: '', size: 0, headers: {} });
  return { deleteMarker: true, versionId: marker.versionId };
}
