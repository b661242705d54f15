import { receiveBody } from './body.js';
import { deleteObjects } from './delete-operations.js';
import { listObjectVersions, listObjects } from './listing.js';
import { listMultipartUploads } from './multipart-operations.js';
import { type RequestContext, OWNER, existingBucket, methodNotAllowed, requestIds, sendXml } from './request-context.js';
import { S3Error } from './s3-error.js';
import { type Bucket, compareKeys } from './store.js';
import { xmlText } from './xml.js';

// Requests to the service and to a bucket as a whole: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, bucket
// versioning and location; the bucket's listings and DeleteObjects are routed on to their own modules.

export function listBuckets(context: RequestContext): void {
  if (context.method !== 'GET') {
    throw methodNotAllowed();
  }
  const buckets = [...context.store.buckets.values()].sort((a, b) => compareKeys(a.name, b.name));
  sendXml(context.response, 200, 'ListAllMyBucketsResult', [
    ['Owner', OWNER],
    ['Buckets', buckets.map((bucket) => ['Bucket', [['Name', bucket.name], ['CreationDate', bucket.created]]] as const)],
  ]);
}

export async function handleBucketRequest(context: RequestContext, region: string): Promise<void> {
  const { method, query, response } = context;
  if (method === 'PUT' && query.has('versioning')) {
    return putBucketVersioning(context);
  }
  if (method === 'PUT') {
    return createBucket(context);
  }
  if (method === 'POST' && query.has('delete')) {
    return deleteObjects(context);
  }
  const bucket = existingBucket(context.store, context.bucket);
  if (method === 'HEAD') {
    response.writeHead(200, { 'x-amz-bucket-region': region, ...requestIds() }).end();
  } else if (method === 'DELETE') {
    deleteBucket(bucket, context);
  } else if (method !== 'GET') {
    throw methodNotAllowed();
  } else if (query.has('versioning')) {
    sendXml(response, 200, 'VersioningConfiguration', [['Status', bucket.versioning]]);
  } else if (query.has('location')) {
    sendXml(response, 200, 'LocationConstraint', []);
  } else if (query.has('versions')) {
    listObjectVersions(bucket, context);
  } else if (query.has('uploads')) {
    listMultipartUploads(bucket, context);
  } else {
    listObjects(bucket, context);
  }
}

async function createBucket(context: RequestContext): Promise<void> {
  const { store, bucket: name } = context;
  await receiveBody(context.request, context.payloadHash, undefined);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/u.test(name) || name.includes('..')) {
    throw new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
  }
  if (store.buckets.has(name)) {
    throw new S3Error(409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', {
      BucketName: name,
    });
  }
  store.createBucket(name);
  context.response.writeHead(200, { location: `/${name}`, ...requestIds() }).end();
}

function deleteBucket(bucket: Bucket, context: RequestContext): void {
  if (bucket.keys.size > 0) {
    throw new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', { BucketName: bucket.name });
  }
  context.store.deleteBucket(bucket.name);
  context.response.writeHead(204, requestIds()).end();
}

async function putBucketVersioning(context: RequestContext): Promise<void> {
  const bucket = existingBucket(context.store, context.bucket);
  const body = await receiveBody(context.request, context.payloadHash, undefined);
  const status = xmlText((body.bytes ?? Buffer.alloc(0)).toString('utf8'), 'Status')?.trim();
  if (status !== 'Enabled' && status !== 'Suspended') {
    throw new S3Error(400, 'IllegalVersioningConfigurationException', 'The Versioning element must be specified');
  }
  context.store.setVersioning(bucket.name, status);
  context.response.writeHead(200, requestIds()).end();
}
