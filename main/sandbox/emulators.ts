import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Endpoints } from '../config/config.js';
import { loadPatchedDynalite } from './dynalite-patch.js';
import { startS3Server } from './s3/server.js';
import type { Credentials, TemporaryCredentialLookup } from './s3/sigv4.js';
import { startSqsFront } from './sqs-front.js';
import { closeServer, listenOnLoopback, urlOf } from './loopback-server.js';

/** The three local AWS services, listening on free loopback ports. */
export interface RunningEmulators {
  readonly endpoints: Required<Endpoints>;
  stop(): Promise<void>;
}


/**
 * Starts DynamoDB (dynalite, patched: ./dynalite-patch.ts), S3 (the sandbox's own: ./s3/server.ts) and SQS
 * (local-aws-sqs behind a front that counts sizes as SQS does: ./sqs-front.ts) in this process.
 *
 * With a data folder, DynamoDB and S3 keep their state across restarts; SQS is always in memory (the sandbox
 * re-creates its queue on start). Without one, S3 writes to a temporary folder removed on stop. S3 accepts only
 * `credentials` and the `temporaryCredentials` the STS stand-in issued, as a real bucket accepts only its account's keys.
 */
export async function startEmulators(options: {
  readonly dataDir?: string;
  readonly credentials: Credentials;
  readonly temporaryCredentials?: TemporaryCredentialLookup;
  readonly region: string;
}): Promise<RunningEmulators> {
  const { dataDir } = options;
  if (dataDir !== undefined) {
    await mkdir(join(dataDir, 'dynamodb'), { recursive: true });
    await mkdir(join(dataDir, 's3-store'), { recursive: true });
  }
  const dynalite = loadPatchedDynalite();
  const dynamo = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(dataDir === undefined ? {} : { path: join(dataDir, 'dynamodb') }),
  });
  await listenOnLoopback(dynamo);
  const stops: Array<() => Promise<void>> = [() => closeServer(dynamo)];
  try {
    // s3-store, not s3: a folder kept by the sandbox's earlier s3rver is left alone (the seed refills the new store).
    const s3 = await startS3Server({
      credentials: options.credentials,
      temporaryCredentials: options.temporaryCredentials,
      region: options.region,
      ...(dataDir === undefined ? {} : { directory: join(dataDir, 's3-store') }),
    });
    stops.push(() => s3.close());
    const sqs = await startSqsFront();
    stops.push(() => sqs.close());
    return {
      endpoints: { dynamodb: urlOf(dynamo), s3: s3.url, sqs: sqs.url },
      async stop() {
        await Promise.all(stops.map((stop) => stop()));
      },
    };
  } catch (error) {
    await Promise.all(stops.map((stop) => stop()));
    throw error;
  }
}
