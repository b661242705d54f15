import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../aws/clients.js';

// DynamoDB's BatchWriteItem takes at most 25 puts per call.
const BATCH_SIZE = 25;

/** Puts every item into `table`, 25 per call, resending whatever DynamoDB reports as unprocessed. */
export async function putItems(clients: AwsClients, table: string, items: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_SIZE) {
    let pending = items.slice(start, start + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const result = await clients.dynamo.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  }
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
