import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, DeleteQueueCommand, ReceiveMessageCommand, DeleteMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { Backend } from '../../../../main/setup/backend.js';

/** An audit queue of the test's own with the given `MaximumMessageSize`, and a function that deletes it. */
export async function createSizedQueue(backend: Backend, maximumMessageBytes: number): Promise<{ readonly url: string; remove(): Promise<void> }> {
  const created = await backend.clients.sqs.send(
    new CreateQueueCommand({ QueueName: `test-audit-sized-${randomUUID().slice(0, 8)}`, Attributes: { MaximumMessageSize: String(maximumMessageBytes) } }),
  );
  const url = created.QueueUrl ?? '';
  return {
    url,
    async remove() {
      await backend.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    },
  };
}

/** A message as it sat on the queue: its body and its `eventId` attribute. */
export interface DrainedMessage {
  readonly body: string;
  readonly eventId: string | undefined;
}

/** Takes every message off a queue of the test's own. */
export async function drainQueue(backend: Backend, url: string): Promise<DrainedMessage[]> {
  const drained: DrainedMessage[] = [];
  for (;;) {
    const { Messages = [] } = await backend.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 60, MessageAttributeNames: ['All'] }),
    );
    if (Messages.length === 0) {
      return drained;
    }
    drained.push(...Messages.map((message) => ({ body: message.Body ?? '', eventId: message.MessageAttributes?.eventId?.StringValue })));
    await backend.clients.sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl: url, Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })) }),
    );
  }
}
