/**
 * The download audit as it reaches the queue: measured against the queue's own limit (read once per download), split
 * into parts that fit, and sent until SQS accepted every part. Nothing is saved unless this resolves.
 */
import { AuditRefusedError } from './audit-errors.js';
import type { DownloadAuditMessage } from './audit-messages.js';
import { type DownloadAuditPart, splitDownloadAudit } from './audit-parts.js';
import type { AuditSender } from './audit-sender.js';

/** Resolves with the parts the queue accepted; rejects as `AuditSender.sendAll`, or refused when a part cannot fit. */
export async function sendDownloadAudit(
  sender: Pick<AuditSender, 'sendAll' | 'maximumMessageBytes'>,
  message: DownloadAuditMessage,
  signal?: AbortSignal,
): Promise<readonly DownloadAuditPart[]> {
  const limit = await sender.maximumMessageBytes(signal);
  const split = splitDownloadAudit(message, limit);
  if (!split.ok) {
    throw new AuditRefusedError(split.error.message);
  }
  await sender.sendAll(split.value, signal, limit);
  return split.value;
}
