import { type RetryDelays, withRetries } from '../../reliability/retry.js';
import { ConnectionDroppedError, isRetryable, isStall } from '../../reliability/retryable.js';
import { acceptResponse, getWithFreshUrl } from './range-request.js';
import { SaveError, saveError } from './save-error.js';
import { RestartedFromZero, type SaveJob } from './save-job.js';
import { writeBody } from './write-body.js';

// Keeps a save's download going through dropped connections: each retry resumes after the bytes on disk. A stalled
// connection (no byte for the no-byte deadline) ends the save.

const DEFAULT_RETRY_DELAY_MS = 200;
const MAX_RETRY_DELAY_MS = 5_000;
// Counted per run of tries that bring no new bytes, so a long download over a flaky link is not abandoned while it advances.
const MAX_TRIES_WITHOUT_PROGRESS = 5;

/**
 * Downloads the whole object into the partial file; throws SaveError: 'download-failed' once the retries run out,
 * 'unreachable' on a stall.
 */
export async function downloadWithResumes(job: SaveJob): Promise<void> {
  const { request, transfer } = job;
  try {
    await withRetries(() => downloadOnce(job), {
      delays: resumeDelays(request.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS),
      // A SaveError means retrying cannot help (full disk, wrong object, 404); the one rule decides the rest.
      shouldRetry: (error) => error instanceof RestartedFromZero || isRetryable(error),
      signal: request.signal,
      progress: () => transfer.offset,
    });
  } catch (error) {
    if (error instanceof SaveError || request.signal?.aborted === true) {
      throw error;
    }
    throw saveError(isStall(error) ? 'unreachable' : 'download-failed', job.folder, error);
  }
}

function resumeDelays(firstDelayMs: number): RetryDelays {
  return Array.from({ length: MAX_TRIES_WITHOUT_PROGRESS - 1 }, (_, retry) => Math.min(firstDelayMs * 2 ** retry, MAX_RETRY_DELAY_MS));
}

async function downloadOnce(job: SaveJob): Promise<void> {
  const response = await getWithFreshUrl(job);
  await acceptResponse(job, response).catch((error: unknown) => {
    response.destroy();
    throw error;
  });
  // Reading the response as an async iterator keeps back-pressure and destroys it on any exit; writeBody returns only
  // once every byte received has reached the file, so a resume starts exactly after them.
  await writeBody(job, response);
  if (job.transfer.offset < job.request.expectedBytes) {
    throw new ConnectionDroppedError(`The connection ended after ${job.transfer.offset} bytes`);
  }
}
