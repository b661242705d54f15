import { describe, expect, it } from 'vitest';
import { BATCH_PAYLOAD_LIMIT, batchTooLong, messageSize, messageTooLong } from '../../../main/sandbox/sqs-front.js';

describe('the sandbox SQS front counts sizes as SQS does', () => {
  it('counts the body in UTF-8 bytes', () => {
    expect(messageSize({ MessageBody: 'Zoë' })).toBe(4);
    expect(messageSize({ MessageBody: '😀' })).toBe(4);
  });

  it('adds each attribute’s name, type and value in UTF-8 bytes', () => {
    const size = messageSize({
      MessageBody: 'abc',
      MessageAttributes: { 'Ünïcødé': { DataType: 'String', StringValue: 'Þórunn' } },
    });

    expect(size).toBe(3 + Buffer.byteLength('Ünïcødé') + 'String'.length + Buffer.byteLength('Þórunn'));
  });

  it('counts a binary attribute by its bytes, not its base64 text', () => {
    const size = messageSize({ MessageBody: '', MessageAttributes: { b: { DataType: 'Binary', BinaryValue: Buffer.alloc(30).toString('base64') } } });

    expect(size).toBe(1 + 'Binary'.length + 30);
  });

  it('words its refusals as SQS does', () => {
    expect(messageTooLong(262_144)).toMatchObject({
      status: 400,
      code: 'InvalidParameterValue',
      message: 'One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.',
    });
    expect(batchTooLong(1_200_000)).toMatchObject({
      status: 400,
      code: 'AWS.SimpleQueueService.BatchRequestTooLong',
      message: 'Batch requests cannot be longer than 1048576 bytes. You have sent 1200000 bytes.',
    });
    expect(BATCH_PAYLOAD_LIMIT).toBe(1_048_576);
  });
});
