import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BundleEntry, SearchsetBundle } from '../../common/fhir.js';
import { parseNhsNumber } from '../../common/nhs-number.js';
import type { Result } from '../../common/result.js';
import type { IdentityErrorCode } from '../../common/error-codes.js';
import { type AwsErrorCode, describeAwsError } from '../aws/errors.js';
import { type DocumentMetadata, sortNewestFirst } from './document-metadata.js';
import { searchsetBundleOf, toBundleEntry } from './fhir-bundle.js';
import { type QueryOptions, type QueryProgress, queryDocumentPages } from './query-documents.js';

export type SearchErrorCode = 'invalid-nhs-number' | AwsErrorCode | IdentityErrorCode;

export interface SearchDependencies {
  readonly dynamo: DynamoDBDocumentClient;
  readonly metadataTable: string;
  /** Named in messages when the endpoint cannot be reached. */
  readonly endpoint?: string;
  readonly now?: () => Date;
}

export interface SearchOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: QueryProgress) => void;
}

/** Validates the NHS number, reads every listed document of the patient and returns them as a searchset Bundle. */
export async function searchDocuments(
  dependencies: SearchDependencies,
  nhsNumberInput: string,
  options: SearchOptions = {},
): Promise<Result<SearchsetBundle, { readonly code: SearchErrorCode; readonly message: string }>> {
  const nhsNumber = parseNhsNumber(nhsNumberInput);
  if (!nhsNumber.ok) {
    return { ok: false, error: { code: 'invalid-nhs-number', message: nhsNumber.message } };
  }
  try {
    const bundle = await listedBundle(dependencies, {
      table: dependencies.metadataTable,
      nhsNumber: nhsNumber.value,
      listedOnly: true,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    return { ok: true, value: bundle };
  } catch (error) {
    return {
      ok: false,
      error: describeAwsError(error, {
        service: 'DynamoDB',
        resource: `table ${dependencies.metadataTable}`,
        endpoint: dependencies.endpoint,
      }),
    };
  }
}

// Each page becomes bundle entries while DynamoDB reads the next one; only the sort waits for the last page.
async function listedBundle(dependencies: SearchDependencies, query: QueryOptions): Promise<SearchsetBundle> {
  const listed: Array<{ readonly document: DocumentMetadata; readonly entry: BundleEntry }> = [];
  for await (const page of queryDocumentPages(dependencies.dynamo, query)) {
    for (const document of page) {
      listed.push({ document, entry: toBundleEntry(document) });
    }
  }
  const fetchedAt = dependencies.now?.() ?? new Date();
  return searchsetBundleOf(sortNewestFirst(listed, ({ document }) => document).map(({ entry }) => entry), fetchedAt);
}
