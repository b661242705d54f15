import { CreateTableCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../aws/clients.js';

/** The names of the sandbox's tables, buckets and queue. */
export interface SandboxResources {
  readonly metadataTable: string;
  readonly zipTraceTable: string;
  readonly documentBucket: string;
  readonly zipBucket: string;
  readonly auditQueueName: string;
}

export const SANDBOX_RESOURCES: SandboxResources = {
  metadataTable: 'DocumentReferenceMetadata',
  zipTraceTable: 'DocumentZipTrace',
  documentBucket: 'sandbox-document-store',
  zipBucket: 'sandbox-zip-store',
  auditQueueName: 'sandbox-sensitive-audit',
};

/**
 * The audit queue's MaximumMessageSize: 256 KiB, as queues created before SQS raised its default to 1 MiB have, so the
 * sandbox refuses what such a production queue refuses.
 */
export const AUDIT_QUEUE_MAXIMUM_MESSAGE_SIZE = 262_144;

/** The metadata table as the original system's Terraform defined it (also used by tests that need a table of their own). */
export function metadataTableDefinition(TableName: string): CreateTableCommand['input'] {
  return {
    TableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'ID', AttributeType: 'S' },
      { AttributeName: 'NhsNumber', AttributeType: 'S' },
      { AttributeName: 'Location', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'ID', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      hashOnlyIndex('NhsNumberIndex', 'NhsNumber'),
      hashOnlyIndex('LocationsIndex', 'Location'),
    ],
  };
}

/**
 * Creates the tables, buckets and queue the original system's Terraform created, when they do not exist yet; the ZIP
 * bucket is versioned, as production buckets should be.
 *
 * Returns whether the metadata table or the document bucket was new, so a sandbox kept on disk is seeded only once
 * (and again when a store is missing), and the queue's URL. The trace table's TTL on `ExpiryDate` is not switched on:
 * dynalite does not implement UpdateTimeToLive.
 */
export async function provisionSandbox(clients: AwsClients, resources: SandboxResources): Promise<{ readonly fresh: boolean; readonly auditQueueUrl: string }> {
  const freshTable = await createTableIfMissing(clients, metadataTableDefinition(resources.metadataTable));
  await createTableIfMissing(clients, {
    TableName: resources.zipTraceTable,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'ID', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'ID', KeyType: 'HASH' }],
  });
  const [freshBucket] = await Promise.all(
    [resources.documentBucket, resources.zipBucket].map((bucket) => createBucketIfMissing(clients, bucket)),
  );
  await clients.s3.send(new PutBucketVersioningCommand({ Bucket: resources.zipBucket, VersioningConfiguration: { Status: 'Enabled' } }));
  // CreateQueue with the same name and attributes is idempotent in SQS.
  const queue = await clients.sqs.send(
    new CreateQueueCommand({ QueueName: resources.auditQueueName, Attributes: { MaximumMessageSize: String(AUDIT_QUEUE_MAXIMUM_MESSAGE_SIZE) } }),
  );
  return { fresh: freshTable || freshBucket === true, auditQueueUrl: queue.QueueUrl ?? '' };
}

function hashOnlyIndex(IndexName: string, AttributeName: string) {
  return { IndexName, KeySchema: [{ AttributeName, KeyType: 'HASH' as const }], Projection: { ProjectionType: 'ALL' as const } };
}

async function createTableIfMissing(clients: AwsClients, input: CreateTableCommand['input']): Promise<boolean> {
  try {
    await clients.dynamo.send(new CreateTableCommand(input));
    return true;
  } catch (error) {
    if (error instanceof ResourceInUseException) {
      return false;
    }
    throw error;
  }
}

async function createBucketIfMissing(clients: AwsClients, bucket: string): Promise<boolean> {
  try {
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    if (!(error instanceof Error && ['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(error.name))) {
      throw error;
    }
    return false;
  }
}
