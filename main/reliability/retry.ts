import { setTimeout as sleep } from 'node:timers/promises';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { isRetryable } from './retryable.js';

// The app's one retry policy: every AWS call retries through sdkRetryStrategy (the SDK clients' own attempts), and the
// hand loops (a document body's resumes, the save's resumes, the save's file-system operations, the audit sender)
// through withRetries. Both back off with jitter; what is worth a retry is decided in ./retryable.ts.

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

const SDK_RETRY_DELAYS: RetryDelays = [200, 800];
/** Attempts per AWS request in total, the first included. */
export const SDK_MAX_ATTEMPTS = SDK_RETRY_DELAYS.length + 1;

/**
 * The SDK clients' retry strategy: one attempt more than there are delays (`SDK_MAX_ATTEMPTS` by default), retrying
 * only what `isRetryable` allows (so a missing object or a stall is never retried), after the delays with jitter.
 * A hand loop around a client call must not retry the call again: the attempts would multiply.
 */
export function sdkRetryStrategy(delays: RetryDelays = SDK_RETRY_DELAYS): RetryStrategyV2 {
  const token = (retryCount: number, delayMs: number): RetryToken => ({ getRetryCount: () => retryCount, getRetryDelay: () => delayMs });
  return {
    acquireInitialRetryToken: () => Promise.resolve(token(0, 0)),
    refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo) {
      const delay = delays[previous.getRetryCount()];
      if (delay === undefined || !isRetryable(info.error)) {
        // The SDK rethrows the request's own error whatever this one says.
        return Promise.reject(new Error('No retry for this failure'));
      }
      return Promise.resolve(token(previous.getRetryCount() + 1, withJitter(delay)));
    },
    recordSuccess: () => undefined,
  };
}

// A quarter either way, so clients that lost the network together do not all retry in the same instant.
function withJitter(delayMs: number): number {
  return delayMs * (0.75 + Math.random() * 0.5);
}
