/** The time source the shaper schedules by: the real one in the bench, a manual one in tests. */
export interface Clock {
  /** Milliseconds on a monotonic scale. */
  readonly now: () => number;
  /** Calls `callback` after `ms` (late, never early); returns a function that cancels it. */
  readonly setTimer: (callback: () => void, ms: number) => () => void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  setTimer(callback, ms) {
    const timer = setTimeout(callback, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};
