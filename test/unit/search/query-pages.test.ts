import type { AttributeValue, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { queryDocumentPages } from '../../../main/search/query-documents.js';
import { searchDocuments } from '../../../main/search/search-documents.js';

// A DynamoDB stand-in serving fixed pages, recording when each is asked for; a page given as an Error fails.
function pagedTable(pages: ReadonlyArray<ReadonlyArray<Record<string, AttributeValue>> | Error>, events: string[] = []) {
  const signals: Array<AbortSignal | undefined> = [];
  const inputs: Array<QueryCommand['input']> = [];
  const client = {
    send(command: QueryCommand, options?: { abortSignal?: AbortSignal }) {
      inputs.push(command.input);
      const index = (command.input.ExclusiveStartKey as { page?: number } | undefined)?.page ?? 0;
      events.push(`asked for page ${index + 1}`);
      signals.push(options?.abortSignal);
      const page = pages[index] ?? [];
      if (page instanceof Error) {
        return Promise.reject(page);
      }
      const last = index === pages.length - 1;
      return new Promise((resolve, reject) => {
        options?.abortSignal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
        setImmediate(() => resolve({ Items: page, ...(last ? {} : { LastEvaluatedKey: { page: index + 1 } }) }));
      });
    },
  };
  return { dynamo: client as unknown as DynamoDBDocumentClient, signals, inputs };
}

function row(id: string, indexed: string): Record<string, AttributeValue> {
  return marshall({ ID: id, NhsNumber: '9990000018', FileName: `${id}.pdf`, DocumentUploaded: true, Indexed: indexed, VirusScanResult: 'Clean' });
}

const search = (dynamo: DynamoDBDocumentClient, options = {}) =>
  searchDocuments({ dynamo, metadataTable: 'DocumentReferenceMetadata', now: () => new Date(0) }, '9990000018', options);

describe('reading a record page by page', () => {
  it('asks for the next page before handing over the one it has', async () => {
    const events: string[] = [];
    const { dynamo } = pagedTable([[row('a', '2024-01-01T00:00:00.000Z')], [row('b', '2024-01-02T00:00:00.000Z')], []], events);
    for await (const page of queryDocumentPages(dynamo, { table: 't', nhsNumber: '9990000018', listedOnly: true })) {
      events.push(`handed over ${page.length} rows`);
    }
    expect(events).toEqual(['asked for page 1', 'asked for page 2', 'handed over 1 rows', 'asked for page 3', 'handed over 1 rows', 'handed over 0 rows']);
  });

  it('asks DynamoDB for pages of its own size, in attribute values, so a record of up to 1 MB of rows is one round trip', async () => {
    const { dynamo, inputs } = pagedTable([[row('a', '2024-01-01T00:00:00.000Z')]]);
    await search(dynamo);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).not.toHaveProperty('Limit');
    expect(inputs[0]?.ExpressionAttributeValues).toEqual({ ':nhsNumber': { S: '9990000018' }, ':empty': { S: '' }, ':uploaded': { BOOL: true } });
  });

  it('reports the pages and documents read so far after each page', async () => {
    const { dynamo } = pagedTable([[row('a', '2024-01-01T00:00:00.000Z'), row('b', '2024-01-02T00:00:00.000Z')], [row('c', '2024-01-03T00:00:00.000Z')], []]);
    const progress: unknown[] = [];
    await search(dynamo, { onProgress: (step: unknown) => progress.push(step) });
    expect(progress).toEqual([
      { pagesRead: 1, itemsRead: 2 },
      { pagesRead: 2, itemsRead: 3 },
      { pagesRead: 3, itemsRead: 3 },
    ]);
  });

  it('lists every page newest first, whatever page a document came on', async () => {
    const { dynamo } = pagedTable([
      [row('old', '2023-01-01T00:00:00.000Z'), row('middle', '2024-01-01T00:00:00.000Z')],
      [row('newest', '2025-01-01T00:00:00.000Z')],
    ]);
    const result = await search(dynamo);
    expect(result.ok && result.value.entry?.map((entry) => entry.resource.id)).toEqual(['newest', 'middle', 'old']);
    expect(result.ok && result.value.total).toBe(3);
  });

  it('gives an error, never a shorter list, when a later page fails', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException', $fault: 'client' });
    const { dynamo } = pagedTable([[row('a', '2024-01-01T00:00:00.000Z')], throttled]);
    const result = await search(dynamo);
    expect(result.ok).toBe(false);
  });

  it('cancels the page already asked for when the search is cancelled', async () => {
    const controller = new AbortController();
    const { dynamo, signals } = pagedTable([[row('a', '2024-01-01T00:00:00.000Z')], [row('b', '2024-01-02T00:00:00.000Z')], []]);
    const result = await search(dynamo, { signal: controller.signal, onProgress: () => controller.abort() });
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(signals).toHaveLength(2);
    expect(signals[1]?.aborted).toBe(true);
  });

  it('leaves no unhandled failure when the reader stops before the page asked for ahead fails', async () => {
    const { dynamo } = pagedTable([[row('a', '2024-01-01T00:00:00.000Z')], new Error('connection reset')]);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      for await (const page of queryDocumentPages(dynamo, { table: 't', nhsNumber: '9990000018', listedOnly: true })) {
        expect(page).toHaveLength(1);
        break;
      }
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
