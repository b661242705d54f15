import { describe, expect, it } from 'vitest';
import { type LaneSink, createShapedDirection } from '../../../../bench/link/shaped-direction.js';
import { manualClock } from './manual-clock.js';

interface Received {
  bytes: number;
  readonly arrivals: Array<{ readonly at: number; readonly bytes: number }>;
  ended: boolean;
  drains: number;
}

function receiver(now: () => number): { sink: LaneSink; received: Received } {
  const received: Received = { bytes: 0, arrivals: [], ended: false, drains: 0 };
  return {
    received,
    sink: {
      deliver(chunk) {
        received.bytes += chunk.length;
        received.arrivals.push({ at: now(), bytes: chunk.length });
      },
      end: () => void (received.ended = true),
      drained: () => void (received.drains += 1),
    },
  };
}

const KIB = 1024;

describe('a shaped direction', () => {
  it('delivers at the set rate over a window, whatever the backlog', () => {
    const clock = manualClock();
    // 1 MB/s, no delay.
    const direction = createShapedDirection({ bytesPerSecond: 1_000_000, delayMs: 0, clock, burstBytes: 16 * KIB });
    const { sink, received } = receiver(clock.now);
    const lane = direction.openLane(sink);
    lane.send(Buffer.alloc(10_000_000));
    clock.advance(2_000);
    // 2 s at 1 MB/s, plus at most the burst and one quantum of rounding.
    expect(received.bytes).toBeGreaterThanOrEqual(1_990_000);
    expect(received.bytes).toBeLessThanOrEqual(2_000_000 + 32 * KIB);
    const atOneSecond = received.arrivals.filter((arrival) => arrival.at <= 1_000).reduce((sum, arrival) => sum + arrival.bytes, 0);
    expect(atOneSecond).toBeGreaterThan(960_000);
    expect(atOneSecond).toBeLessThan(1_040_000);
  });

  it('shares the rate between two busy connections roughly evenly', () => {
    const clock = manualClock();
    const direction = createShapedDirection({ bytesPerSecond: 1_000_000, delayMs: 0, clock });
    const first = receiver(clock.now);
    const second = receiver(clock.now);
    direction.openLane(first.sink).send(Buffer.alloc(5_000_000));
    clock.advance(100);
    direction.openLane(second.sink).send(Buffer.alloc(5_000_000));
    const before = first.received.bytes;
    clock.advance(2_000);
    const firstShare = first.received.bytes - before;
    const secondShare = second.received.bytes;
    expect(firstShare + secondShare).toBeGreaterThan(1_950_000);
    expect(firstShare / secondShare).toBeGreaterThan(0.9);
    expect(firstShare / secondShare).toBeLessThan(1.1);
  });

  it('gives the whole rate to the connection whose receiver reads while the other is blocked', () => {
    const clock = manualClock();
    const direction = createShapedDirection({ bytesPerSecond: 1_000_000, delayMs: 0, clock });
    const reading = receiver(clock.now);
    const stalled = receiver(clock.now);
    direction.openLane(reading.sink).send(Buffer.alloc(5_000_000));
    const blocked = direction.openLane(stalled.sink);
    blocked.send(Buffer.alloc(5_000_000));
    blocked.setBlocked(true);
    clock.advance(1_000);
    const stalledBefore = stalled.received.bytes;
    clock.advance(1_000);
    expect(stalled.received.bytes).toBe(stalledBefore);
    expect(reading.received.bytes).toBeGreaterThan(1_900_000);
  });

  it('delivers each byte the one-way delay after it left, in order, then the end', () => {
    const clock = manualClock();
    const direction = createShapedDirection({ bytesPerSecond: Infinity, delayMs: 10, clock });
    const { sink, received } = receiver(clock.now);
    const lane = direction.openLane(sink);
    lane.send(Buffer.from('request'));
    lane.end();
    clock.advance(9);
    expect(received.bytes).toBe(0);
    expect(received.ended).toBe(false);
    clock.advance(1);
    expect(received.arrivals).toEqual([{ at: 10, bytes: 7 }]);
    expect(received.ended).toBe(true);
  });

  it('adds the delay on top of the time the rate takes', () => {
    const clock = manualClock();
    // 1 byte per ms, 1,000-byte quanta, no burst to speak of: a quantum leaves once the one before is paid for.
    const direction = createShapedDirection({ bytesPerSecond: 1000, delayMs: 20, clock, quantumBytes: 1000, burstBytes: 1 });
    const { sink, received } = receiver(clock.now);
    direction.openLane(sink).send(Buffer.alloc(3000));
    clock.advance(3_000);
    const arrivals = received.arrivals.map((arrival) => arrival.at);
    expect(arrivals).toHaveLength(3);
    [20, 1020, 2020].forEach((expected, index) => expect(Math.abs((arrivals[index] ?? 0) - expected)).toBeLessThanOrEqual(2));
  });

  it('tells the sender to read again once the backlog is low', () => {
    const clock = manualClock();
    const direction = createShapedDirection({ bytesPerSecond: 1_000_000, delayMs: 0, clock });
    const { sink, received } = receiver(clock.now);
    direction.openLane(sink).send(Buffer.alloc(512 * KIB));
    expect(received.drains).toBe(0);
    clock.advance(1_000);
    expect(received.drains).toBeGreaterThan(0);
  });

  it('drops what a closed connection still had queued', () => {
    const clock = manualClock();
    const direction = createShapedDirection({ bytesPerSecond: 1000, delayMs: 5, clock });
    const { sink, received } = receiver(clock.now);
    const lane = direction.openLane(sink);
    lane.send(Buffer.alloc(100_000));
    lane.close();
    clock.advance(1_000);
    expect(received.bytes).toBe(0);
    expect(direction.sentBytes()).toBeLessThanOrEqual(32 * KIB);
  });
});
