/**
 * The trace row's copy fields (zip-trace.ts): once the background copy has an outcome, `CopyStatus` becomes
 * 'complete' (with the checksum S3 returned and when), 'unverified' or 'failed' (with why). Only the job's own row
 * is touched (same ID and correlation id).
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type CopyOutcome =
  | { readonly state: 'complete'; readonly checksum: string; readonly completedAt: Date; readonly versionId?: string }
  | { readonly state: 'unverified'; readonly completedAt: Date; readonly problem: string; readonly versionId?: string }
  | { readonly state: 'failed'; readonly problem: string };

/** Writes the copy's outcome to the row; throws the DynamoDB error (the caller retries it with the copy). */
export async function recordCopyOutcome(
  dynamo: DynamoDBDocumentClient,
  table: string,
  row: { readonly id: string; readonly correlationId: string },
  outcome: CopyOutcome,
  signal?: AbortSignal,
): Promise<void> {
  const fields: Record<string, string> = { CopyStatus: outcome.state };
  if (outcome.state === 'complete') {
    fields.CopyChecksum = `CRC64NVME:${outcome.checksum}`;
  }
  if (outcome.state !== 'failed') {
    fields.CopyCompletedAt = outcome.completedAt.toISOString();
    if (outcome.versionId !== undefined) {
      fields.CopyVersionId = outcome.versionId;
    }
  }
  if (outcome.state !== 'complete') {
    fields.CopyProblem = outcome.problem;
  }
  const names = Object.keys(fields);
  await dynamo.send(
    new UpdateCommand({
      TableName: table,
      Key: { ID: row.id },
      UpdateExpression: `SET ${names.map((name, index) => `#f${index} = :v${index}`).join(', ')}${outcome.state === 'complete' ? ' REMOVE CopyProblem' : ''}`,
      ConditionExpression: 'CorrelationId = :correlationId',
      ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#f${index}`, name])),
      ExpressionAttributeValues: { ...Object.fromEntries(names.map((name, index) => [`:v${index}`, fields[name]])), ':correlationId': row.correlationId },
    }),
    { abortSignal: signal },
  );
}
