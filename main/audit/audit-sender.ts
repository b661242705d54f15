/**
 * The one way audit events reach the `<env>-sensitive-audit` queue: one at a time (the outbox) or many in batches
 * (a download's audit parts), and the queue's own size limit for the splitter.
 */
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AuditQueue } from '../config/config.js';
import type { RetryDelays } from '../reliability/retry.js';
import { sendInBatches } from './audit-batch.js';
import { auditFailure } from './audit-errors.js';
import type { AuditEvent } from './audit-messages.js';
import { DEFAULT_MAXIMUM_MESSAGE_BYTES } from './audit-parts.js';
import { wireMessageOf } from './audit-wire.js';

export interface AuditSender {
  /**
   * Sends one event to the audit queue (the SQS client retries what is worth retrying).
   *
   * Resolves once SQS acknowledged the message. Rejects with AuditUnavailableError after the last attempt, with
   * AuditRefusedError when the queue refused it for good, or with the signal's abort error when cancelled (the event
   * may then have been sent or not).
   */
  send(message: AuditEvent, signal?: AbortSignal): Promise<void>;
  /**
   * Sends events in order with `SendMessageBatch`, each batch within `maxBatchBytes` (1 MiB unless given); resolves
   * once SQS acknowledged every one. Rejects as `send`.
   */
  sendAll(messages: readonly AuditEvent[], signal?: AbortSignal, maxBatchBytes?: number): Promise<void>;
  /** The queue's `MaximumMessageSize` in bytes; 262,144 when it cannot be read. Rejects only when cancelled. */
  maximumMessageBytes(signal?: AbortSignal): Promise<number>;
}

export interface AuditSenderOptions {
  readonly sqs: SQSClient;
  readonly queue: AuditQueue;
  /** Waits before sending again the entries of a batch the queue did not take; one attempt more than there are delays. */
  readonly retryDelaysMs?: RetryDelays;
}

export const DEFAULT_RETRY_DELAYS_MS: RetryDelays = [250, 1_000, 3_000];

/** Sends audit events to the configured queue; a queue named rather than addressed is resolved once, on first use. */
export function createAuditSender(options: AuditSenderOptions): AuditSender {
  const { sqs, queue } = options;
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const context = { service: 'SQS', resource: 'url' in queue ? queue.url : queue.name } as const;
  let resolvedUrl: string | undefined = 'url' in queue ? queue.url : undefined;

  async function queueUrl(signal: AbortSignal | undefined): Promise<string> {
    if (resolvedUrl !== undefined) {
      return resolvedUrl;
    }
    const name = 'name' in queue ? queue.name : '';
    const output = await sqs.send(new GetQueueUrlCommand({ QueueName: name }), { abortSignal: signal });
    if (output.QueueUrl === undefined || output.QueueUrl === '') {
      throw new Error(`GetQueueUrl returned no URL for ${name}`);
    }
    resolvedUrl = output.QueueUrl;
    return resolvedUrl;
  }

  // The SQS client retries a failed request itself (main/aws/clients.ts: the one retry rule, 3 attempts); here a
  // failure is only named: refused for good, or unavailable.
  async function named<T>(operation: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      signal?.throwIfAborted();
      throw auditFailure(error, context);
    }
  }

  return {
    async send(message, signal) {
      const { body, attributes } = wireMessageOf(message);
      await named(async () => {
        await sqs.send(new SendMessageCommand({ QueueUrl: await queueUrl(signal), MessageBody: body, MessageAttributes: { ...attributes } }), {
          abortSignal: signal,
        });
      }, signal);
    },
    async sendAll(messages, signal, maxBatchBytes) {
      const url = await named(() => queueUrl(signal), signal);
      await sendInBatches(messages, { sqs, queueUrl: url, delays, context, signal, ...(maxBatchBytes === undefined ? {} : { maxBatchBytes }) });
    },
    async maximumMessageBytes(signal) {
      try {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: await queueUrl(signal), AttributeNames: ['MaximumMessageSize'] }),
          { abortSignal: signal },
        );
        const limit = Number(Attributes?.MaximumMessageSize);
        return Number.isSafeInteger(limit) && limit > 0 ? limit : DEFAULT_MAXIMUM_MESSAGE_BYTES;
      } catch {
        // Reading attributes needs sqs:GetQueueAttributes, which a sender's role may lack; AWS's default then holds.
        signal?.throwIfAborted();
        return DEFAULT_MAXIMUM_MESSAGE_BYTES;
      }
    },
  };
}
