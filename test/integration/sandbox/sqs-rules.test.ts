import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSServiceException,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../main/setup/backend.js';
import { queueUrlOf } from '../../support/audit-queue.js';
import { openSandboxBackend } from '../../support/sandbox-backend.js';

// SQS counts a message's size in UTF-8 bytes of its body plus each attribute's name, type and value, against the
// queue's MaximumMessageSize; a batch's messages together may not exceed 1 MiB. Bodies here are made of 'é' (one
// character, two bytes), so a count in characters would let them through.

const LIMIT = 262_144;

async function refusal(promise: Promise<unknown>): Promise<SQSServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as SQSServiceException;
  }
  throw new Error('SQS accepted what it must refuse');
}

/** A body of exactly `bytes` UTF-8 bytes, mostly two-byte characters. */
function bodyOfBytes(bytes: number): string {
  return 'é'.repeat(Math.floor(bytes / 2)) + (bytes % 2 === 1 ? 'x' : '');
}

describe('the sandbox SQS keeps the message size rules', () => {
  let backend: Backend;
  let queueUrl: string;

  beforeAll(async () => {
    backend = await openSandboxBackend();
    const created = await backend.clients.sqs.send(
      new CreateQueueCommand({ QueueName: `test-sizes-${randomUUID().slice(0, 8)}`, Attributes: { MaximumMessageSize: String(LIMIT) } }),
    );
    queueUrl = created.QueueUrl ?? '';
  });
  afterAll(async () => {
    await backend.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
    await backend.close();
  });

  it('creates the sandbox audit queue with a MaximumMessageSize of 262,144 bytes', async () => {
    const attributes = await backend.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrlOf(backend), AttributeNames: ['MaximumMessageSize'] }),
    );

    expect(attributes.Attributes?.MaximumMessageSize).toBe('262144');
  });

  it('accepts a body of exactly MaximumMessageSize bytes', async () => {
    const sent = await backend.clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: bodyOfBytes(LIMIT) }));

    expect(sent.MessageId).toBeDefined();
  });

  it('refuses a body one byte over, though it has half as many characters, with InvalidParameterValue', async () => {
    const body = bodyOfBytes(LIMIT + 1);
    expect(body.length).toBeLessThan(LIMIT);

    const error = await refusal(backend.clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body })));

    expect(error.name).toBe('InvalidParameterValue');
    expect(error.message).toBe('One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('counts attribute names, types and values in UTF-8 bytes', async () => {
    const name = 'Ünïcødé';
    const value = 'Zoë Müller';
    const attributeBytes = Buffer.byteLength(name) + Buffer.byteLength('String') + Buffer.byteLength(value);
    const attributes = { [name]: { DataType: 'String', StringValue: value } };

    await backend.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: bodyOfBytes(LIMIT - attributeBytes), MessageAttributes: attributes }),
    );
    const error = await refusal(
      backend.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: bodyOfBytes(LIMIT - attributeBytes + 1), MessageAttributes: attributes }),
      ),
    );

    expect(error.name).toBe('InvalidParameterValue');
  });

  it('counts a binary attribute by its bytes, not its base64 text', async () => {
    const bytes = new Uint8Array(1_000).fill(7);
    const attributeBytes = Buffer.byteLength('blob') + Buffer.byteLength('Binary') + bytes.length;

    const sent = await backend.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: bodyOfBytes(LIMIT - attributeBytes),
        MessageAttributes: { blob: { DataType: 'Binary', BinaryValue: bytes } },
      }),
    );

    expect(sent.MessageId).toBeDefined();
  });

  it('refuses a batch whose messages together exceed 1 MiB with BatchRequestTooLong, sending none of them', async () => {
    const probe = `batch-${randomUUID()}`;
    const entries = Array.from({ length: 5 }, (_, index) => ({ Id: `m${index}`, MessageBody: probe + bodyOfBytes(220_000) }));

    const error = await refusal(backend.clients.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries })));

    expect(error.name).toBe('BatchRequestTooLong');
    expect(error.$metadata.httpStatusCode).toBe(400);
    const received = await backend.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    expect((received.Messages ?? []).filter((message) => message.Body?.startsWith(probe))).toEqual([]);
  });

  it('fails only the batch entry over MaximumMessageSize, as SQS reports it, and sends the others', async () => {
    const result = await backend.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: 'fits', MessageBody: bodyOfBytes(1_000) },
          { Id: 'too-long', MessageBody: bodyOfBytes(LIMIT + 2) },
          { Id: 'fits-too', MessageBody: bodyOfBytes(LIMIT) },
        ],
      }),
    );

    expect(result.Successful?.map((entry) => entry.Id).sort()).toEqual(['fits', 'fits-too']);
    expect(result.Failed).toEqual([
      {
        Id: 'too-long',
        Code: 'InvalidParameterValue',
        Message: 'One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.',
        SenderFault: true,
      },
    ]);
  });
});
