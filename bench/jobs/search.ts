import { QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import type { AppBackend, AppModules } from './app-modules.js';
import type { PreparedJob } from './job.js';

/**
 * Times `iterations` searches after one untimed warm-up: either the app's search (query, mapping, sort, FHIR
 * bundle) or a bare paginated Query loop with the same key condition, filter and page size (DynamoDB's own) that only
 * counts items. The bare loop reads attribute values as the app does, without the document client's conversion.
 * Reports the fewest items any of the searches listed, so one that drops a document shows.
 */
export function prepareSearch(app: AppModules, backend: AppBackend, kind: 'ours' | 'bare', nhsNumber: string, iterations: number): PreparedJob {
  const once = kind === 'ours' ? () => ourSearch(app, backend, nhsNumber) : () => bareQuery(backend, nhsNumber);
  return {
    async run(mark) {
      let fewestItems = await once();
      mark('timed');
      const samplesMs: number[] = [];
      for (let iteration = 0; iteration < iterations; iteration += 1) {
        const start = performance.now();
        const items = await once();
        samplesMs.push(performance.now() - start);
        fewestItems = Math.min(fewestItems, items);
      }
      return { outputBytes: fewestItems, samplesMs };
    },
    cleanUp: () => Promise.resolve(),
  };
}

async function ourSearch(app: AppModules, backend: AppBackend, nhsNumber: string): Promise<number> {
  const result = await app.searchDocuments(
    { dynamo: backend.clients.dynamo, metadataTable: backend.config.metadataTable, endpoint: backend.config.endpoints.dynamodb },
    nhsNumber,
  );
  if (!result.ok) {
    throw new Error(`search failed: ${result.error.message}`);
  }
  return result.value.entry?.length ?? 0;
}

async function bareQuery(backend: AppBackend, nhsNumber: string): Promise<number> {
  let items = 0;
  let startKey: QueryCommandInput['ExclusiveStartKey'];
  do {
    const page = await backend.clients.dynamo.send(
      new QueryCommand({
        TableName: backend.config.metadataTable,
        IndexName: 'NhsNumberIndex',
        KeyConditionExpression: 'NhsNumber = :nhsNumber',
        FilterExpression: '(attribute_not_exists(Deleted) OR Deleted = :empty) AND DocumentUploaded = :uploaded',
        ExpressionAttributeValues: { ':nhsNumber': { S: nhsNumber }, ':empty': { S: '' }, ':uploaded': { BOOL: true } },
        ExclusiveStartKey: startKey,
      }),
    );
    items += page.Items?.length ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}
