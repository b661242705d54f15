import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeAwsError } from '../../../main/aws/errors.js';
import { failedCallOf, recordFailedCalls } from '../../../main/aws/failed-call.js';
import { closedPort } from '../../support/closed-port.js';

let closedEndpoint: string;
beforeAll(async () => {
  closedEndpoint = `http://127.0.0.1:${await closedPort()}`;
});

const clients: Array<{ destroy(): void }> = [];
afterAll(() => clients.forEach((client) => client.destroy()));

const settings = () => ({ region: 'eu-west-2', endpoint: closedEndpoint, maxAttempts: 1, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });

async function failureOf(send: () => Promise<unknown>): Promise<unknown> {
  return send().then(
    () => expect.unreachable('the call should fail'),
    (error: unknown) => error,
  );
}

describe('errors carry the call that failed', () => {
  it('names STS for a failed sign-in look-up, even where the caller expected S3', async () => {
    const sts = new STSClient(settings());
    clients.push(sts);
    recordFailedCalls(sts, 'STS', closedEndpoint);
    const error = await failureOf(() => sts.send(new GetCallerIdentityCommand({})));

    expect(failedCallOf(error)).toEqual({ service: 'STS', resource: 'sign-in', endpoint: closedEndpoint });
    const described = describeAwsError(error, { service: 'S3', resource: 'bucket prod-zip' });
    expect(described.code).toBe('unreachable');
    expect(described.message).toContain('Cannot reach STS');
    expect(described.message).not.toContain('S3');
  });

  it('names the table a DynamoDB request was reading', async () => {
    const dynamo = new DynamoDBClient(settings());
    clients.push(dynamo);
    recordFailedCalls(dynamo, 'DynamoDB', closedEndpoint);
    const error = await failureOf(() => dynamo.send(new GetItemCommand({ TableName: 'DocumentZipTrace', Key: { ID: { S: 'x' } } })));

    expect(failedCallOf(error)).toMatchObject({ service: 'DynamoDB', resource: 'table DocumentZipTrace' });
    expect(describeAwsError(error).message).toContain(`Cannot reach DynamoDB at ${closedEndpoint}`);
  });

  it('names the bucket of a failed S3 request and the queue of a failed SQS one, without an endpoint for real AWS', async () => {
    const s3 = new S3Client({ ...settings(), forcePathStyle: true });
    const sqs = new SQSClient(settings());
    clients.push(s3, sqs);
    recordFailedCalls(s3, 'S3', closedEndpoint);
    recordFailedCalls(sqs, 'SQS', undefined);
    const s3Error = await failureOf(() => s3.send(new GetObjectCommand({ Bucket: 'prod-zip', Key: 'tmp/a.zip' })));
    const sqsError = await failureOf(() => sqs.send(new SendMessageCommand({ QueueUrl: `${closedEndpoint}/123456789012/prod-sensitive-audit`, MessageBody: '{}' })));

    expect(failedCallOf(s3Error)).toStrictEqual({ service: 'S3', resource: 'bucket prod-zip', endpoint: closedEndpoint });
    expect(failedCallOf(sqsError)).toStrictEqual({ service: 'SQS', resource: 'queue prod-sensitive-audit' });
    expect(describeAwsError(sqsError).message).toContain('Cannot reach SQS at AWS SQS');
  });

  it('falls back to what the caller expected for an error no client recorded', () => {
    const described = describeAwsError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), { service: 'SQS', resource: 'queue audit' });
    expect(described.message).toContain('Cannot reach SQS');
  });
});
