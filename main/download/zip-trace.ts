import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MANIFEST_ENTRY_NAME } from '../../common/manifest.js';

/**
 * The `DocumentZipTrace` row: the seed's fields plus what makes the row useful to an auditor.
 *
 * The row must stay under DynamoDB's 400 KB item limit at any record size, so it does not grow with the record: it
 * holds the number of documents delivered and names the ZIP's own manifest (the entry `manifest.json` in the ZIP at
 * `Location`), which lists every document with its outcome and SHA-256. A record small enough also lists its ids.
 */
export interface ZipTrace {
  readonly id: string;
  readonly correlationId: string;
  readonly createdAt: Date;
  readonly location: string;
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
        DocumentCount: trace.documentIds.length,
        ManifestEntry: MANIFEST_ENTRY_NAME,
        // All or none: a partial list would read as the whole delivery.
        ...(idBytes(trace.documentIds) <= LISTED_IDS_MAX_BYTES ? { DocumentIds: [...trace.documentIds] } : {}),
        Sha256: trace.sha256,
        SizeBytes: trace.sizeBytes,
        Principal: trace.principal,
      },
      ConditionExpression: 'attribute_not_exists(ID)',
    }),
    { abortSignal: signal },
  );
}

function idBytes(ids: ReadonlyArray<string>): number {
  return ids.reduce((total, id) => total + Buffer.byteLength(id, 'utf8'), 0);
}
