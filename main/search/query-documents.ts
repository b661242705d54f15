import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type DocumentMetadata, toDocumentMetadata } from './document-metadata.js';

/** How far a paginated query has got. */
export interface QueryProgress {
  readonly pagesRead: number;
  readonly itemsRead: number;
}

export interface QueryOptions {
  readonly table: string;
  readonly nhsNumber: string;
  /** Search lists only listed documents; download reads every row so its manifest can say what was left out. */
  readonly listedOnly: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: QueryProgress) => void;
}

export const NHS_NUMBER_INDEX = 'NhsNumberIndex';

/**
 * Queries `NhsNumberIndex` for one patient, reading every page: never a partial list.
 *
 * The listed-only filter runs in DynamoDB (the original system streamed every row into Java and filtered there). A
 * row is listed when it is not soft-deleted and its upload completed; a missing `DocumentUploaded` counts as not
 * uploaded instead of crashing.
 *
 * Pages are DynamoDB's own size, not a fixed count: each page is a round trip, which from a practice costs tens of
 * milliseconds, and a 1,500-document record fits in one (it took three of 500).
 */
export async function queryDocuments(dynamo: DynamoDBDocumentClient, options: QueryOptions): Promise<DocumentMetadata[]> {
  const documents: DocumentMetadata[] = [];
  for await (const page of queryDocumentPages(dynamo, options)) {
    documents.push(...page);
  }
  return documents;
}

/**
 * The same query page by page. The next page is asked for before a page is handed over, so whatever the caller does
 * with one page (mapping, building a bundle) overlaps DynamoDB's work on the next instead of adding to it. A caller
 * that stops early leaves at most one page's request unread.
 */
export async function* queryDocumentPages(dynamo: DynamoDBDocumentClient, options: QueryOptions): AsyncGenerator<DocumentMetadata[], void, undefined> {
  let pagesRead = 0;
  let itemsRead = 0;
  let next: Promise<QueryCommandOutput> | undefined = sendPage(dynamo, options, undefined);
  while (next !== undefined) {
    const page: QueryCommandOutput = await next;
    const startKey = page.LastEvaluatedKey;
    next = startKey === undefined ? undefined : sendPage(dynamo, options, startKey);
    const documents = (page.Items ?? []).map(toDocumentMetadata);
    pagesRead += 1;
    itemsRead += documents.length;
    options.onProgress?.({ pagesRead, itemsRead });
    yield documents;
  }
}

// The document client shares its base client's stack; sent the base client's QueryCommand it hands back the rows as
// attribute values, which toDocumentMetadata reads without the document client's conversion of every row.
function sendPage(dynamo: DynamoDBDocumentClient, options: QueryOptions, startKey: QueryCommandInput['ExclusiveStartKey']): Promise<QueryCommandOutput> {
  options.signal?.throwIfAborted();
  const page = dynamo.send(new QueryCommand({ ...queryInput(options), ExclusiveStartKey: startKey }), { abortSignal: options.signal });
  // Awaited when its turn comes; a caller that stops reading early must not leave its failure unhandled.
  page.catch(() => undefined);
  return page;
}

function queryInput(options: QueryOptions): QueryCommandInput {
  const byPatient: QueryCommandInput = {
    TableName: options.table,
    IndexName: NHS_NUMBER_INDEX,
    KeyConditionExpression: 'NhsNumber = :nhsNumber',
    ExpressionAttributeValues: { ':nhsNumber': { S: options.nhsNumber } },
  };
  if (!options.listedOnly) {
    return byPatient;
  }
  return {
    ...byPatient,
    FilterExpression: '(attribute_not_exists(Deleted) OR Deleted = :empty) AND DocumentUploaded = :uploaded',
    ExpressionAttributeValues: { ...byPatient.ExpressionAttributeValues, ':empty': { S: '' }, ':uploaded': { BOOL: true } },
  };
}
