/**
 * One direction of a shaped link (server → client, or client → server): every connection's bytes share one token
 * bucket, taken round-robin a quantum at a time, and each byte arrives `delayMs` after it left. Pure scheduling on an
 * injected clock; bench/link/shaper.ts wires it to sockets.
 */
import type { Clock } from './clock.js';
import { type TokenBucket, createTokenBucket } from './token-bucket.js';

/** Where a lane's bytes go once they have crossed the link. */
export interface LaneSink {
  deliver(chunk: Buffer): void;
  /** The sender ended and every byte it sent has been delivered. */
  end(): void;
  /** The lane's backlog fell back under the low mark: the sender may be read again. */
  drained(): void;
}

/** One connection's traffic in this direction. */
export interface Lane {
  /** Queues bytes to cross the link; the caller stops reading its source while `backlogBytes()` is above the high mark. */
  send(chunk: Buffer): void;
  /** No more bytes will be sent; the sink's end follows the last delivery. */
  end(): void;
  /** Bytes queued and not yet sent onto the link. */
  backlogBytes(): number;
  /** A receiver that is not reading holds its lane, as a full TCP window would: no link time goes to it. */
  setBlocked(blocked: boolean): void;
  /** Drops everything queued or in flight and leaves the scheduler (the connection is gone). */
  close(): void;
}

export interface ShapedDirection {
  openLane(sink: LaneSink): Lane;
  /** Bytes that have left onto the link so far, all lanes together. */
  sentBytes(): number;
}

export interface ShapedDirectionOptions {
  /** `Infinity` for no rate limit (delay only). */
  readonly bytesPerSecond: number;
  readonly delayMs: number;
  readonly clock: Clock;
  /** The most one lane sends in its turn. */
  readonly quantumBytes?: number;
  readonly burstBytes?: number;
}

export const DEFAULT_QUANTUM_BYTES = 16 * 1024;
/** Backlog above which a lane's source should stop being read, and below which it is read again. */
export const BACKLOG_HIGH_BYTES = 256 * 1024;
export const BACKLOG_LOW_BYTES = 64 * 1024;
// Node's timers fire a few ms late; a burst of 20 ms at the line rate absorbs that without losing rate.
const BURST_MS = 20;

interface LaneState {
  readonly sink: LaneSink;
  readonly queue: Buffer[];
  backlog: number;
  blocked: boolean;
  ending: boolean;
  closed: boolean;
  readonly inFlight: Array<{ readonly due: number; readonly chunk: Buffer }>;
  cancelDelivery: (() => void) | undefined;
}

export function createShapedDirection(options: ShapedDirectionOptions): ShapedDirection {
  const { clock, delayMs } = options;
  const quantum = options.quantumBytes ?? DEFAULT_QUANTUM_BYTES;
  const bucket = bucketFor(options.bytesPerSecond, options.burstBytes ?? Math.max(2 * quantum, (options.bytesPerSecond * BURST_MS) / 1000), clock);
  const lanes: LaneState[] = [];
  let turn = 0;
  let sent = 0;
  let cancelPump: (() => void) | undefined;

  const eligible = (lane: LaneState): boolean => !lane.closed && !lane.blocked && lane.backlog > 0;

  const nextLane = (): LaneState | undefined => {
    for (let step = 0; step < lanes.length; step += 1) {
      const lane = lanes[(turn + step) % lanes.length];
      if (lane !== undefined && eligible(lane)) {
        turn = (turn + step + 1) % lanes.length;
        return lane;
      }
    }
    return undefined;
  };

  const pump = (): void => {
    cancelPump = undefined;
    for (;;) {
      if (!lanes.some(eligible)) {
        return;
      }
      if (!bucket.ready()) {
        cancelPump = clock.setTimer(pump, bucket.msUntilReady());
        return;
      }
      const lane = nextLane();
      if (lane === undefined) {
        return;
      }
      const chunk = takeFrom(lane, quantum);
      bucket.spend(chunk.length);
      sent += chunk.length;
      lane.inFlight.push({ due: clock.now() + delayMs, chunk });
      scheduleDelivery(lane);
      if (lane.backlog < BACKLOG_LOW_BYTES) {
        lane.sink.drained();
      }
    }
  };

  const wake = (): void => {
    if (cancelPump === undefined) {
      pump();
    }
  };

  const deliverDue = (lane: LaneState): void => {
    lane.cancelDelivery = undefined;
    const now = clock.now();
    while (!lane.closed && (lane.inFlight[0]?.due ?? Infinity) <= now) {
      const { chunk } = lane.inFlight.shift() as { chunk: Buffer };
      lane.sink.deliver(chunk);
    }
    finishIfDone(lane);
    scheduleDelivery(lane);
  };

  const scheduleDelivery = (lane: LaneState): void => {
    const head = lane.inFlight[0];
    if (lane.closed || lane.cancelDelivery !== undefined || head === undefined) {
      return;
    }
    lane.cancelDelivery = clock.setTimer(() => deliverDue(lane), head.due - clock.now());
  };

  const finishIfDone = (lane: LaneState): void => {
    if (lane.ending && !lane.closed && lane.backlog === 0 && lane.inFlight.length === 0) {
      lane.closed = true;
      remove(lane);
      lane.sink.end();
    }
  };

  const remove = (lane: LaneState): void => {
    const index = lanes.indexOf(lane);
    if (index >= 0) {
      lanes.splice(index, 1);
      if (turn > index) {
        turn -= 1;
      }
      turn = lanes.length === 0 ? 0 : turn % lanes.length;
    }
  };

  return {
    openLane(sink) {
      const lane: LaneState = { sink, queue: [], backlog: 0, blocked: false, ending: false, closed: false, inFlight: [], cancelDelivery: undefined };
      lanes.push(lane);
      return {
        send(chunk) {
          if (lane.closed || lane.ending || chunk.length === 0) {
            return;
          }
          lane.queue.push(chunk);
          lane.backlog += chunk.length;
          wake();
        },
        end() {
          lane.ending = true;
          finishIfDone(lane);
        },
        backlogBytes: () => lane.backlog,
        setBlocked(blocked) {
          lane.blocked = blocked;
          if (!blocked) {
            wake();
          }
        },
        close() {
          lane.closed = true;
          lane.cancelDelivery?.();
          lane.queue.length = 0;
          lane.inFlight.length = 0;
          lane.backlog = 0;
          remove(lane);
        },
      };
    },
    sentBytes: () => sent,
  };
}

function takeFrom(lane: LaneState, quantum: number): Buffer {
  const head = lane.queue[0] as Buffer;
  if (head.length <= quantum) {
    lane.queue.shift();
    lane.backlog -= head.length;
    return head;
  }
  lane.queue[0] = head.subarray(quantum);
  lane.backlog -= quantum;
  return head.subarray(0, quantum);
}

function bucketFor(bytesPerSecond: number, burstBytes: number, clock: Clock): TokenBucket {
  if (bytesPerSecond === Infinity) {
    return { ready: () => true, spend: () => undefined, msUntilReady: () => 0 };
  }
  return createTokenBucket({ bytesPerSecond, burstBytes, now: () => clock.now() });
}
