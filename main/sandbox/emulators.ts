import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { createSqsServer } from 'local-aws-sqs';
import S3rver from 's3rver';
import type { Endpoints } from '../config/config.js';

/** The three local AWS emulators, listening on free loopback ports. */
export interface RunningEmulators {
  readonly endpoints: Required<Endpoints>;
  stop(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

/**
 * Starts dynalite, s3rver and local-aws-sqs in this process.
 *
 * With a data folder, DynamoDB and S3 keep their state across restarts; SQS is always in memory (the sandbox
 * re-creates its queue on start). Without one, S3 writes to a temporary folder removed on stop.
 */
export async function startEmulators(dataDir?: string): Promise<RunningEmulators> {
  const s3Directory = dataDir === undefined ? await mkdtemp(join(tmpdir(), 'docstore-s3-')) : join(dataDir, 's3');
  if (dataDir !== undefined) {
    await mkdir(join(dataDir, 'dynamodb'), { recursive: true });
    await mkdir(s3Directory, { recursive: true });
  }
  const dynamo = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(dataDir === undefined ? {} : { path: join(dataDir, 'dynamodb') }),
  });
  await listen(dynamo);
  const s3 = new S3rver({ port: 0, address: LOOPBACK, silent: true, directory: s3Directory });
  const s3Address = await s3.run();
  const sqs = await createSqsServer({ port: 0, hostname: LOOPBACK });
  return {
    endpoints: {
      dynamodb: urlOf(dynamo),
      s3: `http://${LOOPBACK}:${s3Address.port}`,
      sqs: urlOf(sqs),
    },
    async stop() {
      await Promise.all([close(dynamo), s3.close(), close(sqs)]);
      if (dataDir === undefined) {
        await rm(s3Directory, { recursive: true, force: true });
      }
    },
  };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

function urlOf(server: Server): string {
  const { port } = server.address() as AddressInfo;
  return `http://${LOOPBACK}:${port}`;
}
