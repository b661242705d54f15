import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SearchsetBundle } from '../../common/fhir.js';
import { parseNhsNumber } from '../../common/nhs-number.js';
import type { Result } from '../../common/result.js';
import type { IdentityErrorCode } from '../../common/error-codes.js';
import { type AwsErrorCode, describeAwsError } from '../aws/errors.js';
import { sortNewestFirst } from './document-metadata.js';
import { toSearchsetBundle } from './fhir-bundle.js';
import { type QueryProgress, queryDocuments } from './query-documents.js';

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
    const documents = await queryDocuments(dependencies.dynamo, {
      table: dependencies.metadataTable,
      nhsNumber: nhsNumber.value,
      listedOnly: true,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    const fetchedAt = dependencies.now?.() ?? new Date();
    return { ok: true, value: toSearchsetBundle(sortNewestFirst(documents, (document) => document), fetchedAt) };
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
