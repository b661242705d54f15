import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../aws/clients.js';

// DynamoDB's BatchWriteItem takes at most 25 puts per call.
const BATCH_SIZE = 25;

/**
 * Puts every item into `table`, 25 per call, resending whatever DynamoDB reports as unprocessed; `concurrency` calls
 * at a time (one by default).
 */
export async function putItems(
  clients: AwsClients,
  table: string,
  items: ReadonlyArray<Record<string, unknown>>,
  options: { readonly concurrency?: number } = {},
): Promise<void> {
  const batches = Array.from({ length: Math.ceil(items.length / BATCH_SIZE) }, (_, index) => items.slice(index * BATCH_SIZE, (index + 1) * BATCH_SIZE));
  await forEachLimited(batches, options.concurrency ?? 1, async (batch) => {
    let pending = batch.map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const result = await clients.dynamo.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  });
}

/** Runs `work` over the items with at most `limit` running at once. */
export async function forEachLimited<T>(items: ReadonlyArray<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
