import { randomUUID } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Backend } from '../../main/setup/backend.js';
import { openSandboxBackend } from './sandbox-backend.js';

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
 * Reads back the first event matching `predicate` from a queue other test files may use at the same time.
 *
 * Messages that do not match are held invisible while the search goes on (otherwise the emulator, which always
 * answers with the oldest visible messages, would return the same ten forever) and handed back at the end.
 */
export async function receiveEventWhere(
  sqs: SQSClient,
  queueUrl: string,
  predicate: (body: unknown, attribute: string | undefined) => boolean,
  timeoutMs = 45_000,
): Promise<ReceivedEvent> {
  const deadline = Date.now() + timeoutMs;
  const held: string[] = [];
  try {
    while (Date.now() < deadline) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60, MessageAttributeNames: ['All'] }),
      );
      let found: ReceivedEvent | undefined;
      for (const message of Messages) {
        const body: unknown = JSON.parse(message.Body ?? 'null');
        const attribute = message.MessageAttributes?.eventId?.StringValue;
        if (found === undefined && predicate(body, attribute)) {
          await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
          found = { body, attribute };
        } else {
          held.push(message.ReceiptHandle ?? '');
        }
      }
      if (found !== undefined) {
        return found;
      }
    }
    throw new Error('the expected event did not arrive on the queue');
  } finally {
    await Promise.all(
      held.map((ReceiptHandle) => sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle, VisibilityTimeout: 0 }))),
    );
  }
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

/**
 * Creates an audit queue of the caller's own on the sandbox, so events left unread by one test file never crowd
 * another's; returns its URL and a function that deletes it.
 */
export async function createOwnAuditQueue(): Promise<{ readonly url: string; remove(): Promise<void> }> {
  const plain = await openSandboxBackend();
  try {
    const created = await plain.clients.sqs.send(new CreateQueueCommand({ QueueName: `test-audit-${randomUUID().slice(0, 8)}` }));
    const url = created.QueueUrl ?? '';
    return {
      url,
      async remove() {
        const cleaner = await openSandboxBackend();
        await cleaner.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: url })).finally(() => cleaner.close());
      },
    };
  } finally {
    await plain.close();
  }
}
