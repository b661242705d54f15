import { fsSaveError, saveError } from './save-error.js';
import type { SaveJob } from './save-job.js';

// The last check before the file gets its name: every byte on disk, and the size and SHA-256 recorded at upload.

/** Returns the file's SHA-256 once it is durable and matches; throws SaveError 'verification-failed' when not. */
export async function verify(job: SaveJob): Promise<string> {
  const { request, transfer } = job;
  job.report('verifying', 0, true);
  const size = await syncedSize(job);
  const sha256 = transfer.hash.digest('hex');
  if (size !== request.expectedBytes || transfer.offset !== size || sha256 !== request.expectedSha256.toLowerCase()) {
    throw saveError('verification-failed', job.folder);
  }
  job.report('verifying', size, true);
  return sha256;
}

// fsync before the check and the rename, so a power cut cannot leave a verified name over unwritten blocks.
async function syncedSize(job: SaveJob): Promise<number> {
  try {
    await job.syncer.settle();
    await job.handle.sync();
    return (await job.handle.stat()).size;
  } catch (error) {
    throw fsSaveError(error, job.folder);
  }
}
