/** Deadline timers on a clock the test moves by hand: they fire only when `advance` passes their time. */
import type { DeadlineTimers } from '../../main/reliability/no-byte-deadline.js';

export function manualClock(): { timers: DeadlineTimers; advance(ms: number): void; pending(): number } {
  let now = 0;
  let nextId = 0;
  const pending = new Map<number, { due: number; callback: () => void }>();
  return {
    timers: {
      set(callback, ms) {
        nextId += 1;
        pending.set(nextId, { due: now + ms, callback });
        return nextId;
      },
      clear: (handle) => pending.delete(handle as number),
      now: () => now,
    },
    /** Timers set and not yet fired or cleared. */
    pending: () => pending.size,
    advance(ms) {
      now += ms;
      // A timer set by a callback here is due later than now, so one pass is enough.
      for (const [id, timer] of [...pending]) {
        if (timer.due <= now) {
          pending.delete(id);
          timer.callback();
        }
      }
    },
  };
}
