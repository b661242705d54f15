import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
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
  /** Items per page; smaller pages give finer progress on large records. */
  readonly pageSize?: number;
}

export const NHS_NUMBER_INDEX = 'NhsNumberIndex';
const DEFAULT_PAGE_SIZE = 500;

/**
 * Queries `NhsNumberIndex` for one patient, reading every page: never a partial list.
 *
 * The listed-only filter runs in DynamoDB (the original system streamed every row into Java and filtered there). A
 * row is listed when it is not soft-deleted and its upload completed; a missing `DocumentUploaded` counts as not
 * uploaded instead of crashing.
 */
export async function queryDocuments(dynamo: DynamoDBDocumentClient, options: QueryOptions): Promise<DocumentMetadata[]> {
  const documents: DocumentMetadata[] = [];
  let pagesRead = 0;
  let startKey: QueryCommandInput['ExclusiveStartKey'];
  do {
    options.signal?.throwIfAborted();
    const page = await dynamo.send(new QueryCommand({ ...queryInput(options), ExclusiveStartKey: startKey }), {
      abortSignal: options.signal,
    });
    documents.push(...(page.Items ?? []).map(toDocumentMetadata));
    pagesRead += 1;
    options.onProgress?.({ pagesRead, itemsRead: documents.length });
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return documents;
}

function queryInput(options: QueryOptions): QueryCommandInput {
  const byPatient: QueryCommandInput = {
    TableName: options.table,
    IndexName: NHS_NUMBER_INDEX,
    KeyConditionExpression: 'NhsNumber = :nhsNumber',
    ExpressionAttributeValues: { ':nhsNumber': options.nhsNumber },
    Limit: options.pageSize ?? DEFAULT_PAGE_SIZE,
  };
  if (!options.listedOnly) {
    return byPatient;
  }
  return {
    ...byPatient,
    FilterExpression: '(attribute_not_exists(Deleted) OR Deleted = :empty) AND DocumentUploaded = :uploaded',
    ExpressionAttributeValues: { ...byPatient.ExpressionAttributeValues, ':empty': '', ':uploaded': true },
  };
}
