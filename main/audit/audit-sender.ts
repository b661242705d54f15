import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type AwsErrorCode, describeAwsError } from '../aws/errors.js';
import type { AuditQueue } from '../config/config.js';
import { type RetryDelays, withRetries } from '../reliability/retry.js';
import type { AuditEvent } from './audit-messages.js';

/** What a practice user reads when an audit event cannot be recorded; the download pipeline fails closed on it. */
export const AUDIT_UNAVAILABLE_MESSAGE =
  'The audit service could not record this download, so nothing was saved. Check your connection and try again.';

/** The audit queue did not accept an event after every retry. */
export class AuditUnavailableError extends Error {
  readonly code = 'audit-unavailable' as const;
  /** The last failure explained (by `describeAwsError`), for logs and support; not for the practice user's screen. */
  readonly detail: string;

  constructor(detail: string, options?: { readonly cause?: unknown }) {
    super(AUDIT_UNAVAILABLE_MESSAGE, options);
    this.name = 'AuditUnavailableError';
    this.detail = detail;
  }
}

export interface AuditSender {
  /**
   * Sends one event to the audit queue, retrying with backoff.
   *
   * Resolves once SQS acknowledged the message. Rejects with `AuditUnavailableError` after the last attempt, or with
   * the signal's abort error when cancelled (the event may then have been sent or not).
   */
  send(message: AuditEvent, signal?: AbortSignal): Promise<void>;
}

export interface AuditSenderOptions {
  readonly sqs: SQSClient;
  readonly queue: AuditQueue;
  /** Waits between attempts; one attempt more than there are delays. */
  readonly retryDelaysMs?: RetryDelays;
}

export const DEFAULT_RETRY_DELAYS_MS: RetryDelays = [250, 1_000, 3_000];

// Retrying cannot fix these: the sign-in, the permissions or the queue name are wrong.
const PERMANENT: ReadonlySet<AwsErrorCode> = new Set(['no-credentials', 'expired-credentials', 'access-denied', 'not-found']);

/** Sends audit events to the configured queue; a queue named rather than addressed is resolved once, on first use. */
export function createAuditSender(options: AuditSenderOptions): AuditSender {
  const { sqs, queue } = options;
  const retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
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

  async function sendOnce(message: AuditEvent, body: string, signal: AbortSignal | undefined): Promise<void> {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: await queueUrl(signal),
        MessageBody: body,
        MessageAttributes: { eventId: { DataType: 'String', StringValue: message.eventId } },
      }),
      { abortSignal: signal },
    );
  }

  // Not the SDK's retry strategy (a ConfiguredRetryStrategy over these delays): that is a setting of the whole client,
  // and this is the app's one SQS client (main/aws/clients.ts, maxAttempts 3), while the delays and the rule of what
  // is permanent belong to this sender and its callers (tests pass tiny delays). So each send goes through the app's
  // retry policy, around the client's own attempts.
  return {
    async send(message, signal) {
      const body = JSON.stringify(message);
      try {
        await withRetries(() => sendOnce(message, body, signal), {
          delays: retryDelaysMs,
          shouldRetry: (error) => !PERMANENT.has(describeAwsError(error, context).code),
          signal,
        });
      } catch (error) {
        signal?.throwIfAborted();
        throw new AuditUnavailableError(describeAwsError(error, context).message, { cause: error });
      }
    },
  };
}
