import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { AppBackend, AppModules } from './app-modules.js';
import type { PreparedJob } from './job.js';
import { prepareOurDownload } from './ours.js';

export interface LinkDownloadOptions {
  readonly nhsNumber: string;
  /** The DOCSTORE_TRACE_COPY mode the run's environment asks for; `none` means no trace copy is awaited. */
  readonly traceCopy: string | undefined;
  /** The run's variables: the sandbox's own S3 endpoint is read from them, to watch without using the link. */
  readonly env: Readonly<Record<string, string>>;
  readonly workDir: string;
}

// Fine enough against transfers of tens of seconds, and light on the emulator.
const POLL_MS = 200;

/**
 * Our download job on a shaped link, timed to two milestones: the verified file in the folder (the job returns) and
 * the S3 trace copy complete (a new object in the ZIP bucket, which S3 lists only once its upload is complete).
 *
 * The ZIP bucket is watched straight at the sandbox, not through the shaper, so watching costs the link nothing. It
 * does not depend on how the job orders its work: in the seed's order the copy completes before the save starts; in
 * a single pass it may complete after the job has returned, and the run waits for it.
 */
export async function prepareLinkDownload(app: AppModules, backend: AppBackend, options: LinkDownloadOptions): Promise<PreparedJob> {
  const bucket = backend.config.zipBucket;
  const direct = directS3Client(options.env);
  const listKeys = async (): Promise<Set<string>> => {
    const keys = new Set<string>();
    let token: string | undefined;
    do {
      const page = await direct.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      page.Contents?.forEach((object) => object.Key !== undefined && keys.add(object.Key));
      token = page.NextContinuationToken;
    } while (token !== undefined);
    return keys;
  };
  const before = await listKeys();
  const job = await prepareOurDownload(app, backend, options.nhsNumber, options.workDir);
  const appeared = new Set<string>();
  let watching = true;

  /** Resolves the time at which a new object was first seen, polling until `watching` is cleared. */
  const watch = async (): Promise<number | undefined> => {
    while (watching) {
      const keys = await listKeys().catch(() => new Set<string>());
      const fresh = [...keys].filter((key) => !before.has(key));
      if (fresh.length > 0) {
        fresh.forEach((key) => appeared.add(key));
        return performance.now();
      }
      await sleep(POLL_MS);
    }
    return undefined;
  };

  return {
    async run(mark) {
      const start = performance.now();
      const copied = watch();
      try {
        const outcome = await job.run(mark);
        const fileSaved = performance.now() - start;
        mark('waiting for the trace copy');
        if (options.traceCopy === 'none') {
          watching = false;
        }
        const copiedAt = await copied;
        return { ...outcome, milestonesMs: { fileSaved, ...(copiedAt === undefined ? {} : { traceCopyComplete: copiedAt - start }) } };
      } finally {
        watching = false;
      }
    },
    async cleanUp() {
      watching = false;
      await job.cleanUp();
      // Whatever the job left in the ZIP bucket that the job's own clean-up did not know of (a copy made in the background).
      for (const key of appeared) {
        await direct.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
      }
      direct.destroy();
    },
  };
}

function directS3Client(env: Readonly<Record<string, string>>): S3Client {
  const endpoint = env.BENCH_DIRECT_S3_ENDPOINT ?? env.AWS_ENDPOINT_URL_S3;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (endpoint === undefined || accessKeyId === undefined || secretAccessKey === undefined) {
    throw new Error('the link bench needs the sandbox S3 endpoint and its keys in the run environment');
  }
  return new S3Client({ region: env.AWS_REGION ?? 'eu-west-2', endpoint, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
}
