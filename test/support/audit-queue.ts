import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Backend } from '../../main/backend.js';

/** A received audit event: its JSON body and its `eventId` message attribute. */
export interface ReceivedEvent {
  readonly body: unknown;
  readonly attribute: string | undefined;
}

/** The sandbox's audit queue URL (the sandbox always names it by URL). */
export function queueUrlOf(backend: Backend): string {
  const queue = backend.config.auditQueue;
  if (!('url' in queue)) {
    throw new Error('the sandbox names its audit queue by URL');
  }
  return queue.url;
}

/**
 * Reads back the first event matching `predicate` from the shared queue: other test files use it at the same time,
 * so delete only what matched and hand everything else straight back.
 */
export async function receiveEventWhere(
  sqs: SQSClient,
  queueUrl: string,
  predicate: (body: unknown, attribute: string | undefined) => boolean,
  timeoutMs = 45_000,
): Promise<ReceivedEvent> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 10, MessageAttributeNames: ['All'] }),
    );
    let found: ReceivedEvent | undefined;
    for (const message of Messages) {
      const body: unknown = JSON.parse(message.Body ?? 'null');
      const attribute = message.MessageAttributes?.eventId?.StringValue;
      if (found === undefined && predicate(body, attribute)) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
        found = { body, attribute };
      } else {
        await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }));
      }
    }
    if (found !== undefined) {
      return found;
    }
  }
  throw new Error('the expected event did not arrive on the queue');
}

/** Reads back one event by its id. */
export function receiveEvent(sqs: SQSClient, queueUrl: string, eventId: string, timeoutMs?: number): Promise<ReceivedEvent> {
  return receiveEventWhere(
    sqs,
    queueUrl,
    (body, attribute) => attribute === eventId || (body as { eventId?: unknown } | null)?.eventId === eventId,
    timeoutMs,
  );
}
