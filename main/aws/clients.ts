import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@smithy/types';
import type { Agent } from 'node:https';
import type { Config } from '../config/config.js';
import { SDK_MAX_ATTEMPTS, sdkRetryStrategy } from '../reliability/retry.js';
import { ReaderPacedHandler } from '../reliability/reader-paced-handler.js';
import { DEFAULT_NO_BYTE_TIMEOUT_MS } from '../reliability/retryable.js';
import { recordFailedCalls } from './failed-call.js';

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
  /** Fixed credentials, or a provider the clients ask before each request (the signed-in person's: main/identity/). */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * Builds each client's HTTPS agent: the corporate CA bundle and proxy (`httpsAgentFactory` in ./tls.ts).
   *
   * Without it the SDK's own agent applies: Node's built-in roots, no proxy.
   */
  readonly httpsAgent?: () => Agent;
  /**
   * How long a request may move no byte (awaiting the response, sending or reading a body) before it fails as a stall;
   * an S3 body is timed only while it is being read.
   */
  readonly noByteTimeoutMs?: number;
}

const CONNECT_TIMEOUT_MS = 5_000;

// The CLI promises to stay quiet: the handler and the retry middleware would otherwise warn on the console. It has no
// `info` on purpose: after every call the SDK's logger middleware runs `logger.info?.({ …, output })`, whose argument
// is a deep copy of the whole response with sensitive fields masked, built only when `info` exists (a fifth of a
// 1,500-document search's CPU). The SDK's own NoOpLogger would skip it too, but sends the retry warnings to the console.
const SILENT_LOGGER = { debug: () => undefined, warn: () => undefined, error: () => undefined } as Omit<Logger, 'info'> as Logger;

// The no-byte deadline is the socket's inactivity timeout (sending, awaiting the answer, reading the body), not
// `requestTimeout`: that one times the whole wait for the response headers, which a large part upload on a slow link
// may rightly exceed, and without `throwOnRequestTimeout` it only warns. It is set anyway, so a per-call
// `requestTimeout` fails instead of warning. The handler arms a deadline of 6 s or more 3 s into the request, so a
// stall fails within 33 s by default; it is not retried (main/reliability/retryable.ts).
const requestHandler = (options: ClientOptions, socketTimeout = options.noByteTimeoutMs ?? DEFAULT_NO_BYTE_TIMEOUT_MS): NodeHttpHandler =>
  new NodeHttpHandler({
    connectionTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout,
    throwOnRequestTimeout: true,
    logger: SILENT_LOGGER,
    ...(options.httpsAgent === undefined ? {} : { httpsAgent: options.httpsAgent() }),
  });

// S3's GET bodies are read at the pace of whatever consumes them (a ZIP drained by the uplink, a disk), and documents
// are opened ahead of their turn: the socket's idle timer would cut a healthy connection nobody is reading yet. Their
// deadline runs only while the reader waits (main/reliability/reader-paced-handler.ts); socket timeout 0 is none.
const s3RequestHandler = (options: ClientOptions): ReaderPacedHandler =>
  new ReaderPacedHandler({
    sending: requestHandler(options),
    fetching: requestHandler(options, 0),
    noByteTimeoutMs: options.noByteTimeoutMs ?? DEFAULT_NO_BYTE_TIMEOUT_MS,
  });

/** Builds the DynamoDB, S3 and SQS clients for a configuration. */
export function createAwsClients(config: Config, options: ClientOptions = {}): AwsClients {
  const handler = (): NodeHttpHandler => requestHandler(options);
  const common = commonSettings(config.region, options);
  const dynamoBase = new DynamoDBClient({ ...common, endpoint: config.endpoints.dynamodb, requestHandler: handler() });
  const s3 = new S3Client({ ...common, requestHandler: s3RequestHandler(options), ...s3Settings(config.endpoints.s3) });
  const sqs = new SQSClient({ ...common, endpoint: config.endpoints.sqs, requestHandler: handler() });
  const sts = createStsClient(config.region, config.identity?.aws.stsEndpoint, options);
  recordFailedCalls(dynamoBase, 'DynamoDB', config.endpoints.dynamodb);
  recordFailedCalls(s3, 'S3', config.endpoints.s3);
  recordFailedCalls(sqs, 'SQS', config.endpoints.sqs);
  const dynamo = DynamoDBDocumentClient.from(dynamoBase, { marshallOptions: { removeUndefinedValues: true } });
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
 * An STS client with the same handler, retries and failure records as the others, at `endpoint` when given (the
 * sandbox's stand-in) and AWS's regional STS otherwise. AssumeRoleWithWebIdentity is sent unsigned, so a client used
 * only for it needs no credentials.
 */
export function createStsClient(region: string, endpoint: string | undefined, options: ClientOptions = {}): STSClient {
  const sts = new STSClient({
    ...commonSettings(region, options),
    ...(endpoint === undefined ? {} : { endpoint }),
    requestHandler: requestHandler(options),
  });
  recordFailedCalls(sts, 'STS', endpoint);
  return sts;
}

function commonSettings(region: string, options: ClientOptions) {
  return {
    region,
    credentials: credentialsFor(options),
    maxAttempts: SDK_MAX_ATTEMPTS,
    retryStrategy: sdkRetryStrategy(),
    logger: SILENT_LOGGER,
  };
}

/**
 * The credentials every client uses: given ones, else the SDK's default chain.
 *
 * Behind a corporate proxy the chain's own clients (SSO portal, SSO OIDC token refresh, STS for roles) must use the
 * same agent as the app's: the SSO clients do not inherit a parent client's request handler.
 */
function credentialsFor(options: ClientOptions): AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined {
  if (options.credentials !== undefined || options.httpsAgent === undefined) {
    return options.credentials;
  }
  return defaultProvider({ clientConfig: { requestHandler: requestHandler(options) } });
}

/**
 * Settings for S3. A custom endpoint (the sandbox, a private endpoint) is addressed path-style, as it has no bucket
 * subdomains; nothing else differs from real S3.
 *
 * Request checksums keep the SDK's default: every upload carries one and S3 (the sandbox's too) refuses a body that
 * does not match it. Response validation is left to us: the SDK's validating wrapper around a GetObject body does not
 * pass on the error when a stalled socket is destroyed, which ends the process instead of the download (found by the
 * stall tests once the sandbox returned checksums). Each document is hashed as it is read, and the ZIP is verified
 * end to end by size and SHA-256.
 */
function s3Settings(endpoint: string | undefined): object {
  return { responseChecksumValidation: 'WHEN_REQUIRED', ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }) };
}
