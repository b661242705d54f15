/**
 * Sends many audit events with `SendMessageBatch`: at most 10 entries and 1 MiB a batch (SQS quotas for batch
 * actions), or less where the caller says so: AWS's older documentation caps a batch's total at the queue's own
 * MaximumMessageSize (256 KiB), so the download audit keeps each batch within that too. A batch can succeed in part; only the entries that failed are sent again, through the app's one retry
 * policy. An entry SQS blames on the sender (`SenderFault`, for example a message over the queue's limit) is refused
 * at once: sending it again cannot help.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AwsErrorContext } from '../aws/errors.js';
import { type RetryDelays, withRetries } from '../reliability/retry.js';
import { AuditEntriesNotAccepted, AuditRefusedError, auditFailure } from './audit-errors.js';
import type { AuditEvent } from './audit-messages.js';
import { type WireMessage, wireMessageOf, wireSizeBytes } from './audit-wire.js';

export const MAX_BATCH_ENTRIES = 10;
export const MAX_BATCH_BYTES = 1_048_576;

export interface BatchSendOptions {
  readonly sqs: Pick<SQSClient, 'send'>;
  readonly queueUrl: string;
  readonly delays: RetryDelays;
  readonly context: AwsErrorContext;
  readonly signal?: AbortSignal;
  /** The most bytes one batch may carry; 1 MiB unless the caller knows a lower limit. */
  readonly maxBatchBytes?: number;
}

interface Entry {
  readonly id: string;
  readonly message: WireMessage;
}

/** Sends every event, batch after batch; rejects with AuditRefusedError, AuditUnavailableError or the abort error. */
export async function sendInBatches(events: readonly AuditEvent[], options: BatchSendOptions): Promise<void> {
  for (const batch of batchesOf(events.map(wireMessageOf), options.maxBatchBytes)) {
    await sendBatch(batch, options);
  }
}

/** Groups messages in order into batches within both quotas. */
export function batchesOf(messages: readonly WireMessage[], maxBatchBytes = MAX_BATCH_BYTES): Entry[][] {
  const batches: Entry[][] = [];
  let current: Entry[] = [];
  let currentBytes = 0;
  for (const message of messages) {
    const bytes = wireSizeBytes(message);
    if (current.length === MAX_BATCH_ENTRIES || (current.length > 0 && currentBytes + bytes > Math.min(maxBatchBytes, MAX_BATCH_BYTES))) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    // Entry ids need only be unique within one request.
    current.push({ id: String(current.length), message });
    currentBytes += bytes;
  }
  if (current.length > 0) {
    batches.push(current);
  }
  return batches;
}

async function sendBatch(batch: readonly Entry[], options: BatchSendOptions): Promise<void> {
  const { sqs, queueUrl, delays, context, signal } = options;
  let waiting = batch;
  try {
    await withRetries(
      async () => {
        const output = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: waiting.map(({ id, message }) => ({ Id: id, MessageBody: message.body, MessageAttributes: { ...message.attributes } })),
          }),
          { abortSignal: signal },
        );
        const failed = output.Failed ?? [];
        const refused = failed.find((failure) => failure.SenderFault === true);
        if (refused !== undefined) {
          throw new AuditRefusedError(`${refused.Code ?? 'no code'}: ${refused.Message ?? 'no message'}`);
        }
        const accepted = new Set((output.Successful ?? []).map((success) => success.Id));
        // An entry in neither list is sent again: consumers dedupe on the event id.
        waiting = waiting.filter((entry) => !accepted.has(entry.id));
        if (waiting.length > 0) {
          throw new AuditEntriesNotAccepted(failed.map((failure) => failure.Code ?? 'no code'), waiting.length);
        }
      },
      {
        delays,
        // The SQS client already retried a failed request (main/aws/clients.ts); only what it cannot see is tried again
        // here: entries of an accepted batch that the queue did not take.
        shouldRetry: (error) => error instanceof AuditEntriesNotAccepted,
        signal,
        // A batch that got some entries through is making progress: only failures in a row without it count.
        progress: () => batch.length - waiting.length,
      },
    );
  } catch (error) {
    signal?.throwIfAborted();
    throw auditFailure(error, context);
  }
}
