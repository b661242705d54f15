import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A `DocumentZipTrace` row: the seed's fields plus what makes the row useful to an auditor. */
export interface ZipTrace {
  readonly id: string;
  readonly correlationId: string;
  readonly createdAt: Date;
  readonly location: string;
  readonly ttlDays: number;
  readonly nhsNumber: string;
  readonly documentIds: ReadonlyArray<string>;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly principal: string;
}

const DAY_SECONDS = 86_400;

/** Saves the trace row; `ExpiryDate` is epoch seconds, the table's TTL attribute. */
export async function saveZipTrace(dynamo: DynamoDBDocumentClient, table: string, trace: ZipTrace, signal?: AbortSignal): Promise<void> {
  const createdSeconds = Math.floor(trace.createdAt.getTime() / 1000);
  await dynamo.send(
    new PutCommand({
      TableName: table,
      Item: {
        ID: trace.id,
        CorrelationId: trace.correlationId,
        CreatedAt: trace.createdAt.toISOString(),
        Location: trace.location,
        ExpiryDate: createdSeconds + trace.ttlDays * DAY_SECONDS,
        NhsNumber: trace.nhsNumber,
        DocumentIds: [...trace.documentIds],
        Sha256: trace.sha256,
        SizeBytes: trace.sizeBytes,
        Principal: trace.principal,
      },
      ConditionExpression: 'attribute_not_exists(ID)',
    }),
    { abortSignal: signal },
  );
}
