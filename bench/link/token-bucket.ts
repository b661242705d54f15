/**
 * A token bucket that may run into deficit: a send is allowed whenever the balance is positive and spends its whole
 * size, so chunks are never split for want of tokens and the long-run rate is still exact (the deficit is waited out).
 */
export interface TokenBucket {
  /** Whether a send may start now. */
  ready(): boolean;
  /** Spends `bytes`; the balance may go below zero. */
  spend(bytes: number): void;
  /** Milliseconds until `ready()` turns true; 0 when it already is. */
  msUntilReady(): number;
}

export interface TokenBucketOptions {
  readonly bytesPerSecond: number;
  /** The most that can be sent at once after an idle spell: also what absorbs timers that fire late. */
  readonly burstBytes: number;
  readonly now: () => number;
}

export function createTokenBucket({ bytesPerSecond, burstBytes, now }: TokenBucketOptions): TokenBucket {
  if (!(bytesPerSecond > 0) || !(burstBytes > 0)) {
    throw new Error('a token bucket needs a positive rate and burst');
  }
  const bytesPerMs = bytesPerSecond / 1000;
  let balance = burstBytes;
  let refilledAt = now();
  const refill = (): void => {
    const at = now();
    balance = Math.min(burstBytes, balance + (at - refilledAt) * bytesPerMs);
    refilledAt = at;
  };
  return {
    ready() {
      refill();
      return balance > 0;
    },
    spend(bytes) {
      refill();
      balance -= bytes;
    },
    msUntilReady() {
      refill();
      // A hair past zero, so the timer that waits it out finds the bucket ready rather than at exactly 0.
      return balance > 0 ? 0 : (-balance + 1) / bytesPerMs;
    },
  };
}
