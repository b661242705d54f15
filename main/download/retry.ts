import { setTimeout as sleep } from 'node:timers/promises';

/** Backoff before each retry; its length is the number of retries. */
export type RetryDelays = ReadonlyArray<number>;

/** Runs `attempt` until it succeeds or the delays run out, waiting (with ±25% jitter) between tries; abort stops it. */
export async function withRetries<T>(attempt: () => Promise<T>, delays: RetryDelays, signal?: AbortSignal): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      signal?.throwIfAborted();
      return await attempt();
    } catch (error) {
      const delay = delays[retry];
      if (delay === undefined || signal?.aborted === true) {
        throw error;
      }
      await sleep(delay * (0.75 + Math.random() * 0.5), undefined, { signal });
    }
  }
}
