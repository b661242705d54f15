import { createAwsClients } from '../aws/clients.js';
import { loadConfig } from '../config/config.js';
import { startEmulators } from './emulators.js';
import { type IdentityStandInOptions, startIdentityStandIns } from './identity/identity-stand-ins.js';
import { SYNTHETIC_PATIENTS } from './patients.js';
import { SANDBOX_RESOURCES, provisionSandbox } from './provision.js';
import { seedPatients } from './seed.js';

/** A running sandbox and the variables a client needs to reach it. */
export interface RunningSandbox {
  /** `NAME=value` pairs in print order: the configuration variables plus credentials and the document bucket. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * The sandbox's S3 accepts only this access key (and checks signatures made with it) and the temporary credentials its
 * STS stand-in issued to signed-in people; the other emulators accept any. The app signs in; this key is for the
 * sandbox's own seeding and tools.
 */
const SANDBOX_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
const SANDBOX_REGION = 'eu-west-2';

/**
 * Starts the emulators, creates the tables, buckets and queue, and seeds the synthetic patients.
 *
 * With a data folder the state survives restarts and is seeded only on first use.
 */
export async function startSandbox(
  options: { readonly dataDir?: string; readonly now?: Date; readonly identity?: IdentityStandInOptions } = {},
): Promise<RunningSandbox> {
  const identity = await startIdentityStandIns(options.identity);
  const emulators = await startEmulators({
    dataDir: options.dataDir,
    credentials: SANDBOX_CREDENTIALS,
    temporaryCredentials: identity.registry.find,
    region: SANDBOX_REGION,
  }).catch(async (error: unknown) => {
    await identity.stop();
    throw error;
  });
  const stop = async () => {
    await emulators.stop();
    await identity.stop();
  };
  try {
    const provisional = sandboxEnvironment(emulators.endpoints, '');
    const config = loadConfig(provisional);
    if (!config.ok) {
      throw new Error(`The sandbox built an invalid configuration: ${config.error.message}`);
    }
    const clients = createAwsClients(config.value, { credentials: SANDBOX_CREDENTIALS });
    try {
      const { fresh, auditQueueUrl } = await provisionSandbox(clients, SANDBOX_RESOURCES);
      if (fresh) {
        await seedPatients(
          clients,
          { metadataTable: SANDBOX_RESOURCES.metadataTable, documentBucket: SANDBOX_RESOURCES.documentBucket, now: options.now ?? new Date() },
          SYNTHETIC_PATIENTS,
        );
      }
      return { env: { ...sandboxEnvironment(emulators.endpoints, auditQueueUrl), ...identity.env }, stop };
    } finally {
      clients.close();
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

function sandboxEnvironment(
  endpoints: { readonly dynamodb: string; readonly s3: string; readonly sqs: string },
  auditQueueUrl: string,
): Record<string, string> {
  return {
    DOCSTORE_ENV: 'sandbox',
    AWS_REGION: SANDBOX_REGION,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    DOCSTORE_METADATA_TABLE: SANDBOX_RESOURCES.metadataTable,
    DOCSTORE_ZIP_TRACE_TABLE: SANDBOX_RESOURCES.zipTraceTable,
    DOCSTORE_ZIP_BUCKET: SANDBOX_RESOURCES.zipBucket,
    DOCSTORE_AUDIT_QUEUE_URL: auditQueueUrl,
    DOCSTORE_DOCUMENT_BUCKET: SANDBOX_RESOURCES.documentBucket,
    AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey,
  };
}
