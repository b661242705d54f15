import { CreateTableCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
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
 * Creates the tables, buckets and queue the original system's Terraform created, when they do not exist yet.
 *
 * Returns whether the metadata table was new, so a sandbox kept on disk is seeded only once, and the queue's URL. The trace table's
 * TTL on `ExpiryDate` is not switched on: dynalite does not implement UpdateTimeToLive.
 */
export async function provisionSandbox(clients: AwsClients, resources: SandboxResources): Promise<{ readonly fresh: boolean; readonly auditQueueUrl: string }> {
  const fresh = await createTableIfMissing(clients, {
    TableName: resources.metadataTable,
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
  });
  await createTableIfMissing(clients, {
    TableName: resources.zipTraceTable,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'ID', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'ID', KeyType: 'HASH' }],
  });
  await Promise.all(
    [resources.documentBucket, resources.zipBucket].map((bucket) => createBucketIfMissing(clients, bucket)),
  );
  // CreateQueue with the same name and attributes is idempotent in SQS.
  const queue = await clients.sqs.send(new CreateQueueCommand({ QueueName: resources.auditQueueName }));
  return { fresh, auditQueueUrl: queue.QueueUrl ?? '' };
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

async function createBucketIfMissing(clients: AwsClients, bucket: string): Promise<void> {
  try {
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!(error instanceof Error && ['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(error.name))) {
      throw error;
    }
  }
}
