import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Config } from '../config/config.js';

/** The SDK clients main/ talks through; credentials stay inside them and never leave the main process. */
export interface AwsClients {
  readonly dynamo: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly sts: STSClient;
  close(): void;
}

/** Options the caller may add; without credentials the SDK's default provider chain applies. */
export interface ClientOptions {
  readonly credentials?: AwsCredentialIdentity;
}

// Explicit timeouts so an unreachable or stalled endpoint fails in seconds rather than hanging a job.
const requestHandler = (): NodeHttpHandler =>
  new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 60_000, socketTimeout: 60_000 });

/** Builds the DynamoDB, S3 and SQS clients for a configuration. */
export function createAwsClients(config: Config, options: ClientOptions = {}): AwsClients {
  const common = { region: config.region, credentials: options.credentials, maxAttempts: 3 };
  const dynamo = DynamoDBDocumentClient.from(
    new DynamoDBClient({ ...common, endpoint: config.endpoints.dynamodb, requestHandler: requestHandler() }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const s3 = new S3Client({ ...common, requestHandler: requestHandler(), ...s3EndpointSettings(config.endpoints.s3) });
  const sqs = new SQSClient({ ...common, endpoint: config.endpoints.sqs, requestHandler: requestHandler() });
  const sts = new STSClient({ ...common, requestHandler: requestHandler() });
  return {
    dynamo,
    s3,
    sqs,
    sts,
    close() {
      for (const client of [dynamo, s3, sqs, sts]) {
        client.destroy();
      }
    },
  };
}

/**
 * Settings for a custom S3 endpoint.
 *
 * Emulators need path-style addressing, and with the SDK's default `WHEN_SUPPORTED` checksums s3rver stores the
 * aws-chunked framing of streamed bodies as object bytes. Real AWS keeps the SDK defaults.
 */
function s3EndpointSettings(endpoint: string | undefined): object {
  if (endpoint === undefined) {
    return {};
  }
  return {
    endpoint,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}
