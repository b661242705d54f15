import type { SendMessageBatchCommand, SendMessageBatchCommandOutput } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { AuditRefusedError, AuditUnavailableError } from '../../../main/audit/audit-errors.js';
import { MAX_BATCH_BYTES, batchesOf, sendInBatches } from '../../../main/audit/audit-batch.js';
import { wireMessageOf } from '../../../main/audit/audit-wire.js';

const CONTEXT = { service: 'SQS', resource: 'queue test' } as const;
const events = (count: number, padding = '') => Array.from({ length: count }, (_, index) => ({ eventId: `event-${index}`, padding }));

type Answer = (entryIds: readonly string[]) => Pick<SendMessageBatchCommandOutput, 'Successful' | 'Failed'>;

/** A queue that answers each SendMessageBatch with the next scripted answer and records the event ids it was sent. */
function scriptedQueue(answers: readonly Answer[]) {
  const sentEventIds: string[][] = [];
  const sqs = {
    send: (command: SendMessageBatchCommand) => {
      const entries = command.input.Entries ?? [];
      sentEventIds.push(entries.map((entry) => entry.MessageAttributes?.eventId?.StringValue ?? ''));
      const answer = answers[sentEventIds.length - 1] ?? acceptAll;
      return Promise.resolve(answer(entries.map((entry) => entry.Id ?? '')));
    },
  };
  return { sqs: sqs as never, sentEventIds };
}

const acceptAll: Answer = (ids) => ({ Successful: ids.map((Id) => ({ Id, MessageId: Id, MD5OfMessageBody: '' })), Failed: [] });
const failSome =
  (failing: readonly string[], senderFault: boolean): Answer =>
  (ids) => ({
    Successful: ids.filter((id) => !failing.includes(id)).map((Id) => ({ Id, MessageId: Id, MD5OfMessageBody: '' })),
    Failed: ids.filter((id) => failing.includes(id)).map((Id) => ({ Id, SenderFault: senderFault, Code: senderFault ? 'InvalidParameterValue' : 'InternalError' })),
  });

describe('batchesOf', () => {
  it('puts at most ten messages in a batch, in order', () => {
    const batches = batchesOf(events(23).map(wireMessageOf));
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 3]);
  });

  it('keeps each batch within 1 MiB', () => {
    const batches = batchesOf(events(10, 'x'.repeat(300_000)).map(wireMessageOf));
    expect(batches.map((batch) => batch.length)).toEqual([3, 3, 3, 1]);
    for (const batch of batches) {
      expect(batch.reduce((total, entry) => total + Buffer.byteLength(entry.message.body), 0)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    }
  });

  it('keeps each batch within a lower limit the caller gives (a 256 KiB queue), never above 1 MiB', () => {
    const smaller = batchesOf(events(10, 'é'.repeat(50_000)).map(wireMessageOf), 262_144);
    expect(smaller.map((batch) => batch.length)).toEqual([2, 2, 2, 2, 2]);
    const larger = batchesOf(events(10, 'x'.repeat(300_000)).map(wireMessageOf), 4 * MAX_BATCH_BYTES);
    expect(larger.map((batch) => batch.length)).toEqual([3, 3, 3, 1]);
  });
});

describe('sendInBatches', () => {
  it('sends again only the entries that failed, until all are accepted', async () => {
    const queue = scriptedQueue([failSome(['1', '4'], false), acceptAll]);
    await sendInBatches(events(6), { sqs: queue.sqs, queueUrl: 'q', delays: [0, 0], context: CONTEXT });
    expect(queue.sentEventIds).toEqual([events(6).map((event) => event.eventId), ['event-1', 'event-4']]);
  });

  it('refuses at once, without sending again, an entry the queue blames on the sender', async () => {
    const queue = scriptedQueue([failSome(['2'], true)]);
    const error: unknown = await sendInBatches(events(3), { sqs: queue.sqs, queueUrl: 'q', delays: [0, 0], context: CONTEXT }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuditRefusedError);
    expect((error as AuditRefusedError).detail).toMatch(/InvalidParameterValue/);
    expect(queue.sentEventIds).toHaveLength(1);
  });

  it('gives up as unavailable when entries keep failing on the server side', async () => {
    const alwaysFailing = failSome(['0'], false);
    const queue = scriptedQueue([alwaysFailing, alwaysFailing, alwaysFailing, alwaysFailing]);
    const error: unknown = await sendInBatches(events(1), { sqs: queue.sqs, queueUrl: 'q', delays: [0, 0], context: CONTEXT }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuditUnavailableError);
    expect(queue.sentEventIds).toHaveLength(3);
  });

  it('sends the next batch only once the one before was accepted', async () => {
    const queue = scriptedQueue([acceptAll, failSome(['0'], true)]);
    await expect(sendInBatches(events(25), { sqs: queue.sqs, queueUrl: 'q', delays: [0], context: CONTEXT })).rejects.toBeInstanceOf(AuditRefusedError);
    expect(queue.sentEventIds.map((ids) => ids.length)).toEqual([10, 10]);
  });
});
