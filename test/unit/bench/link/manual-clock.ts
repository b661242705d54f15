import type { Clock } from '../../../../bench/link/clock.js';

/** A clock that moves only when told to, firing due timers in time order: the shaper's tests run on it. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms` in small steps, firing timers as they fall due. */
  readonly advance: (ms: number, stepMs?: number) => void;
}

export function manualClock(): ManualClock {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { readonly due: number; readonly callback: () => void }>();
  const fireDue = (): void => {
    for (;;) {
      const due = [...timers.entries()].filter(([, timer]) => timer.due <= now).sort(([a, x], [b, y]) => x.due - y.due || a - b)[0];
      if (due === undefined) {
        return;
      }
      timers.delete(due[0]);
      due[1].callback();
    }
  };
  return {
    now: () => now,
    setTimer(callback, ms) {
      const id = nextId++;
      timers.set(id, { due: now + Math.max(0, ms), callback });
      return () => void timers.delete(id);
    },
    advance(ms, stepMs = 1) {
      const end = now + ms;
      while (now < end) {
        now = Math.min(end, now + stepMs);
        fireDue();
      }
    },
  };
}
