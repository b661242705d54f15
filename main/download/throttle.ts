// The one progress throttle: the job's progress reporter and the save's progress both pass updates through it.

/** Says whether an update may go out now: at most one per `intervalMs`, except forced ones, which always go. */
export type Throttle = (force: boolean) => boolean;

export function createThrottle(intervalMs: number): Throttle {
  let lastPassedAt = Number.NEGATIVE_INFINITY;
  return (force) => {
    const now = performance.now();
    if (!force && now - lastPassedAt < intervalMs) {
      return false;
    }
    lastPassedAt = now;
    return true;
  };
}
