/**
 * The one way audit events reach the `<env>-sensitive-audit` queue: one at a time (the outbox) or many in batches
 * (a download's audit parts), and the queue's own size limit for the splitter.
 */
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AuditQueue } from '../config/config.js';
import { type RetryDelays, withRetries } from '../reliability/retry.js';
import { sendInBatches } from './audit-batch.js';
import { auditFailure, auditFailureKind } from './audit-errors.js';
import type { AuditEvent } from './audit-messages.js';
import { DEFAULT_MAXIMUM_MESSAGE_BYTES } from './audit-parts.js';
import { wireMessageOf } from './audit-wire.js';

export interface AuditSender {
  /**
   * Sends one event to the audit queue, retrying with backoff.
   *
   * Resolves once SQS acknowledged the message. Rejects with AuditUnavailableError after the last attempt, with
   * AuditRefusedError when the queue refused it for good, or with the signal's abort error when cancelled (the event
   * may then have been sent or not).
   */
  send(message: AuditEvent, signal?: AbortSignal): Promise<void>;
  /** Sends events in order with `SendMessageBatch`; resolves once SQS acknowledged every one. Rejects as `send`. */
  sendAll(messages: readonly AuditEvent[], signal?: AbortSignal): Promise<void>;
  /** The queue's `MaximumMessageSize` in bytes; 262,144 when it cannot be read. Rejects only when cancelled. */
  maximumMessageBytes(signal?: AbortSignal): Promise<number>;
}

export interface AuditSenderOptions {
  readonly sqs: SQSClient;
  readonly queue: AuditQueue;
  /** Waits between attempts; one attempt more than there are delays. */
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

  // Resolving the queue's URL goes through the same retries and the same rule of what is final as the sends.
  async function retried<T>(operation: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    try {
      return await withRetries(operation, { delays, shouldRetry: (error) => auditFailureKind(error, context) === 'retry', signal });
    } catch (error) {
      signal?.throwIfAborted();
      throw auditFailure(error, context);
    }
  }

  // Not the SDK's retry strategy (a ConfiguredRetryStrategy over these delays): that is a setting of the whole client,
  // and this is the app's one SQS client (main/aws/clients.ts, maxAttempts 3), while the delays and the rule of what
  // is final belong to this sender and its callers (tests pass tiny delays). So each send goes through the app's
  // retry policy, around the client's own attempts.
  return {
    async send(message, signal) {
      const { body, attributes } = wireMessageOf(message);
      await retried(async () => {
        await sqs.send(new SendMessageCommand({ QueueUrl: await queueUrl(signal), MessageBody: body, MessageAttributes: { ...attributes } }), {
          abortSignal: signal,
        });
      }, signal);
    },
    async sendAll(messages, signal) {
      const url = await retried(() => queueUrl(signal), signal);
      await sendInBatches(messages, { sqs, queueUrl: url, delays, context, signal });
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
