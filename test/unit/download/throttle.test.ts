import { afterEach, describe, expect, it, vi } from 'vitest';
import { createThrottle } from '../../../main/download/throttle.js';

describe('createThrottle', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('lets one update through per interval, and forced ones always', () => {
    let now = 1_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const throttle = createThrottle(100);

    expect(throttle(false)).toBe(true);
    now += 99;
    expect(throttle(false)).toBe(false);
    expect(throttle(true)).toBe(true);
    now += 100;
    expect(throttle(false)).toBe(true);
  });
});
