import { Readable } from 'node:stream';
import { ConnectionDroppedError, StalledError } from './retryable.js';

// The no-byte deadline for a body read at its reader's pace: it runs only while the reader is waiting for bytes. A
// socket's own idle timer cannot tell a dead server from a reader that is busy elsewhere (a ZIP drained by a slow
// uplink, a slow disk, a document opened ahead and not yet read): the unread socket fills, goes quiet, and would be
// cut although nothing is wrong. Here a body nobody pulls is never timed, and one that is pulled and gets no byte for
// the deadline fails with StalledError, which ends the job (./retryable.ts).

/** The clock and timers the deadline runs on; tests pass fake ones. */
export interface DeadlineTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  /** Milliseconds, on any origin. */
  now(): number;
}

export const SYSTEM_TIMERS: DeadlineTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

/**
 * `source` as a stream that fails with StalledError when its reader has waited `deadlineMs` for a byte.
 *
 * It holds at most its own small buffer (BUFFER_BYTES) on top of the source's: a paused reader pauses the
 * source, so the connection's flow control, not memory, absorbs the difference in pace. Destroying it destroys the
 * source, and so releases the connection.
 */
export function timedWhileRead(source: Readable, deadlineMs: number, timers: DeadlineTimers = SYSTEM_TIMERS): Readable {
  return new ReaderPacedBody(source, deadlineMs, timers);
}

// What the body takes in ahead of its reader. The stream default (16 KiB, under one 64 KiB socket read) paused the
// connection at every chunk and cost 7 % of loopback throughput on 25 MB documents; this much does not, and a
// document opened ahead still holds no more than this until its turn.
const BUFFER_BYTES = 256 * 1024;

class ReaderPacedBody extends Readable {
  // One timer, aimed again only when it fires: a 1 GB body arrives in some 16,000 chunks, and clearing and setting a
  // timer for each cost a tenth of loopback throughput. A chunk only notes the time.
  private timer: unknown;
  /** Since when the reader has waited without a byte; undefined while it is not waiting. */
  private waitingSince: number | undefined;
  private ended = false;

  constructor(
    private readonly source: Readable,
    private readonly deadlineMs: number,
    private readonly timers: DeadlineTimers,
  ) {
    super({ highWaterMark: BUFFER_BYTES });
    // A body opened ahead may fail before anyone reads it: the error is kept (the stream's errored state) for the
    // reader it would have had, and must not end the process meanwhile.
    this.on('error', () => undefined);
    source.on('data', (chunk: Buffer) => {
      if (this.push(chunk)) {
        this.waitingSince = this.timers.now();
      } else {
        this.waitingSince = undefined;
        source.pause();
      }
    });
    source.once('end', () => {
      this.ended = true;
      this.stopTiming();
      this.push(null);
    });
    source.once('error', (error) => this.destroy(error));
    // Node reports most early closes as an error first; one that is not must not look like a whole body.
    source.once('close', () => {
      if (!this.ended) {
        this.destroy(new ConnectionDroppedError('the connection closed before the body ended'));
      }
    });
    source.pause();
  }

  override _read(): void {
    this.waitingSince ??= this.timers.now();
    if (this.timer === undefined) {
      this.aimTimer(this.deadlineMs);
    }
    this.source.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.stopTiming();
    this.ended = true;
    this.source.destroy();
    callback(error);
  }

  private aimTimer(ms: number): void {
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      if (this.waitingSince === undefined) {
        return;
      }
      const waited = this.timers.now() - this.waitingSince;
      if (waited >= this.deadlineMs) {
        this.destroy(new StalledError(this.deadlineMs));
      } else {
        this.aimTimer(this.deadlineMs - waited);
      }
    }, ms);
  }

  private stopTiming(): void {
    this.waitingSince = undefined;
    if (this.timer !== undefined) {
      this.timers.clear(this.timer);
      this.timer = undefined;
    }
  }
}

/**
 * Runs `waitForAnswer` with a deadline on its answer: past `deadlineMs` without one, `abort` is called (so the
 * request lets its connection go) and the wait fails with StalledError.
 */
export async function answeredWithin<T>(waitForAnswer: Promise<T>, deadlineMs: number, abort: () => void, timers: DeadlineTimers = SYSTEM_TIMERS): Promise<T> {
  let timer: unknown;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = timers.set(() => {
      // First: a request that fails at once when cancelled must not win the race with its vaguer "aborted".
      reject(new StalledError(deadlineMs));
      abort();
    }, deadlineMs);
  });
  // The aborted request's own rejection comes after ours and says less.
  waitForAnswer.catch(() => undefined);
  try {
    return await Promise.race([waitForAnswer, deadline]);
  } finally {
    timers.clear(timer);
  }
}
