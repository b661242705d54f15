import { setTimeout as sleep } from 'node:timers/promises';

// The app's one retry policy: the document GETs and their resumes, the save's resumes, the save's file-system
// operations and the audit sender all retry through withRetries.

/** Backoff before each retry; its length is the number of retries. */
export type RetryDelays = ReadonlyArray<number>;

export interface RetryPolicy {
  readonly delays: RetryDelays;
  /** Whether a failure is worth another try; every failure is when absent. */
  readonly shouldRetry?: (error: unknown) => boolean;
  /** Stops the retries: the wait is cut short and the signal's reason thrown. */
  readonly signal?: AbortSignal;
  /**
   * How far the work has got, e.g. bytes on disk. A try that failed after moving it on starts the delays again, so a
   * long transfer over a flaky link is not abandoned while it advances; only failures in a row without progress count.
   */
  readonly progress?: () => number;
}

/** Runs `operation` until it succeeds, fails in a way not worth retrying, or the delays run out; throws the last failure. */
export async function withRetries<T>(operation: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const { delays, shouldRetry, signal, progress } = policy;
  let retry = 0;
  for (;;) {
    signal?.throwIfAborted();
    const progressBefore = progress?.() ?? 0;
    try {
      return await operation();
    } catch (error) {
      signal?.throwIfAborted();
      if ((progress?.() ?? 0) > progressBefore) {
        retry = 0;
      }
      const delay = delays[retry];
      if (delay === undefined || shouldRetry?.(error) === false) {
        throw error;
      }
      retry += 1;
      await sleep(withJitter(delay), undefined, { signal }).catch((sleepError: unknown) => {
        signal?.throwIfAborted();
        throw sleepError;
      });
    }
  }
}

// A quarter either way, so clients that lost the network together do not all retry in the same instant.
function withJitter(delayMs: number): number {
  return delayMs * (0.75 + Math.random() * 0.5);
}
