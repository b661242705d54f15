import { describe, expect, it } from 'vitest';
import { createTokenBucket } from '../../../../bench/link/token-bucket.js';

describe('createTokenBucket', () => {
  it('allows the burst at once, then waits out the deficit at the set rate', () => {
    let now = 0;
    const bucket = createTokenBucket({ bytesPerSecond: 1000, burstBytes: 100, now: () => now });
    expect(bucket.ready()).toBe(true);
    bucket.spend(300);
    expect(bucket.ready()).toBe(false);
    // 200 bytes of deficit at 1 byte per ms.
    expect(bucket.msUntilReady()).toBeCloseTo(201, 0);
    now = 150;
    expect(bucket.ready()).toBe(false);
    now = 202;
    expect(bucket.ready()).toBe(true);
  });

  it('does not save up more than the burst while idle', () => {
    let now = 0;
    const bucket = createTokenBucket({ bytesPerSecond: 1000, burstBytes: 100, now: () => now });
    now = 60_000;
    bucket.spend(101);
    expect(bucket.ready()).toBe(false);
  });

  it('refuses a rate or burst that is not positive', () => {
    expect(() => createTokenBucket({ bytesPerSecond: 0, burstBytes: 1, now: () => 0 })).toThrow(/positive/u);
  });
});
