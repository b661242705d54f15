import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MANIFEST_ENTRY_NAME } from '../../common/manifest.js';
import type { Logger } from '../logging/logger.js';

/**
 * The `DocumentZipTrace` row: the seed's fields plus what makes the row useful to an auditor.
 *
 * The row must stay under DynamoDB's 400 KB item limit at any record size, so it does not grow with the record: it
 * holds the number of documents delivered and names the ZIP's own manifest (the entry `manifest.json` in the ZIP at
 * `Location`), which lists every document with its outcome and SHA-256. A record small enough also lists its ids.
 *
 * `Status` is 'created' when the row is written; a job that then fails or is cancelled (or was cut short by a crash,
 * found by the start-up sweep) marks its row 'failed' or 'cancelled', so the row never claims a delivery that did not
 * happen. A saved job's row stays 'created'.
 *
 * `CopyStatus` (single pass only, policy `traceCopy` 'background' or 'none') says where the ZIP's copy in S3 stands,
 * apart from `Status`, so a copy that failed never reads as a delivery that failed: 'uploading' when the row is
 * written, then 'complete' (with `CopyChecksum`, S3's full-object CRC-64/NVME that matched the file's, and
 * `CopyCompletedAt`), 'unverified' (stored, but the store returned no checksum to compare) or 'failed' (with
 * `CopyProblem`); 'none' when no copy is kept, and then the row has no `Location`. Rows of the 'before-save' order
 * have no `CopyStatus`: their ZIP was stored before the row was written.
 */
export interface ZipTrace {
  readonly id: string;
  readonly correlationId: string;
  readonly createdAt: Date;
  /** Where the ZIP is, or its copy goes: s3://bucket/key; absent when no copy is kept. */
  readonly location?: string;
  /** Single pass only: the copy's state when the row is written ('uploading' or 'none'). */
  readonly copyStatus?: 'uploading' | 'none';
  readonly ttlDays: number;
  readonly nhsNumber: string;
  /** The delivered documents' ids; written to the row only while they fit `LISTED_IDS_MAX_BYTES`. */
  readonly documentIds: ReadonlyArray<string>;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly principal: string;
}

const DAY_SECONDS = 86_400;
/** About 1,600 UUIDs: a sixth of the item limit, whatever the ids look like. */
export const LISTED_IDS_MAX_BYTES = 65_536;

export type ZipTraceEndStatus = 'failed' | 'cancelled';

/** How long marking a row may take: it runs in a job's cleanup, which must not hang on a stalled endpoint. */
const MARK_TIMEOUT_MS = 10_000;

/**
 * Saves the trace row; `ExpiryDate` is epoch seconds, the table's TTL attribute.
 *
 * The put is conditional, so a row is never overwritten. When the SDK retries a put whose first attempt was stored
 * but whose answer was lost, the retry's condition fails on the job's own row: that is a success, told apart from
 * someone else's row by the correlation id.
 */
export async function saveZipTrace(dynamo: DynamoDBDocumentClient, table: string, trace: ZipTrace, signal?: AbortSignal): Promise<void> {
  try {
    await putTrace(dynamo, table, trace, signal);
  } catch (error) {
    if (!isConditionFailure(error) || !(await isOwnRow(dynamo, table, trace, signal))) {
      throw error;
    }
  }
}

/**
 * Marks the row of a job that did not end in a save. Only the job's own row is touched (same ID and correlation id):
 * a row that was never written stays absent. A failure is logged with the row's id, never thrown over the job's error.
 */
export async function markZipTrace(
  dynamo: DynamoDBDocumentClient,
  table: string,
  row: { readonly id: string; readonly correlationId: string },
  status: ZipTraceEndStatus,
  log: Pick<Logger, 'warn'>,
): Promise<void> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: table,
        Key: { ID: row.id },
        UpdateExpression: 'SET #status = :status',
        ConditionExpression: 'CorrelationId = :correlationId',
        ExpressionAttributeNames: { '#status': 'Status' },
        ExpressionAttributeValues: { ':status': status, ':correlationId': row.correlationId },
      }),
      { abortSignal: AbortSignal.timeout(MARK_TIMEOUT_MS) },
    );
  } catch (error) {
    if (!isConditionFailure(error)) {
      log.warn('download.trace-mark-failed', { traceId: row.id, status, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
}

async function isOwnRow(dynamo: DynamoDBDocumentClient, table: string, trace: ZipTrace, signal: AbortSignal | undefined): Promise<boolean> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table, Key: { ID: trace.id }, ConsistentRead: true }), { abortSignal: signal });
  return Item?.CorrelationId === trace.correlationId;
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

async function putTrace(dynamo: DynamoDBDocumentClient, table: string, trace: ZipTrace, signal: AbortSignal | undefined): Promise<void> {
  const createdSeconds = Math.floor(trace.createdAt.getTime() / 1000);
  await dynamo.send(
    new PutCommand({
      TableName: table,
      Item: {
        ID: trace.id,
        CorrelationId: trace.correlationId,
        CreatedAt: trace.createdAt.toISOString(),
        ...(trace.location === undefined ? {} : { Location: trace.location }),
        ...(trace.copyStatus === undefined ? {} : { CopyStatus: trace.copyStatus }),
        ExpiryDate: createdSeconds + trace.ttlDays * DAY_SECONDS,
        NhsNumber: trace.nhsNumber,
        DocumentCount: trace.documentIds.length,
        ManifestEntry: MANIFEST_ENTRY_NAME,
        // All or none: a partial list would read as the whole delivery.
        ...(idBytes(trace.documentIds) <= LISTED_IDS_MAX_BYTES ? { DocumentIds: [...trace.documentIds] } : {}),
        Sha256: trace.sha256,
        SizeBytes: trace.sizeBytes,
        Principal: trace.principal,
        Status: 'created',
      },
      ConditionExpression: 'attribute_not_exists(ID)',
    }),
    { abortSignal: signal },
  );
}

function idBytes(ids: ReadonlyArray<string>): number {
  return ids.reduce((total, id) => total + Buffer.byteLength(id, 'utf8'), 0);
}
