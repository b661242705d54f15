import { PassThrough, Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { answeredWithin, timedWhileRead } from '../../../main/reliability/no-byte-deadline.js';
import { StalledError } from '../../../main/reliability/retryable.js';
import { manualClock } from '../../support/manual-timers.js';

// The no-byte deadline of a body read at its reader's pace, on a clock the test moves by hand: a reader that is busy
// elsewhere is never mistaken for a stalled server, and a reader that waits for bytes that do not come is told so.

const DEADLINE_MS = 300;
const KIB = 1024;

/** A healthy connection's body: `total` bytes, made only as they are asked for (so `made` is what was taken in). */
function bodyOf(total: number): { source: Readable; made: () => number } {
  let made = 0;
  const source = new Readable({
    read() {
      const size = Math.min(16 * KIB, total - made);
      made += size;
      this.push(size === 0 ? null : Buffer.alloc(size, 1));
    },
  });
  return { source, made: () => made };
}

describe('timedWhileRead', () => {
  it('never fails a body opened ahead and not yet read, and takes in only a little of it meanwhile', async () => {
    const clock = manualClock();
    const { source, made } = bodyOf(4 * 1024 * KIB);
    const body = timedWhileRead(source, DEADLINE_MS, clock.timers);

    await nextTurn();
    clock.advance(100 * DEADLINE_MS);
    await nextTurn();

    expect(body.destroyed).toBe(false);
    expect(made()).toBeLessThanOrEqual(128 * KIB);
    expect(Buffer.concat(await body.toArray()).length).toBe(4 * 1024 * KIB);
  });

  it('never fails a body whose reader stops pulling for longer than the deadline', async () => {
    const clock = manualClock();
    const { source, made } = bodyOf(4 * 1024 * KIB);
    const body = timedWhileRead(source, DEADLINE_MS, clock.timers);
    const chunks = body[Symbol.asyncIterator]();

    const first = await chunks.next();
    await nextTurn();
    clock.advance(100 * DEADLINE_MS);
    await nextTurn();

    expect(first.done).toBe(false);
    expect(body.destroyed).toBe(false);
    // Nobody waits, so nothing is timed: no timer is left aimed, however long the pause.
    expect(clock.pending()).toBe(0);
    expect(made()).toBeLessThanOrEqual(1024 * KIB);
    let bytes = (first.value as Buffer).length;
    for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
      bytes += (next.value as Buffer).length;
    }
    expect(bytes).toBe(4 * 1024 * KIB);
  });

  it('fails as stalled when its reader waits the deadline for a byte, and lets the connection go', async () => {
    const clock = manualClock();
    const source = new PassThrough();
    const body = timedWhileRead(source, DEADLINE_MS, clock.timers);
    const waiting = body[Symbol.asyncIterator]().next();
    const failure = waiting.catch((error: unknown) => error);

    await nextTurn();
    clock.advance(DEADLINE_MS);

    expect(await failure).toBeInstanceOf(StalledError);
    expect(source.destroyed).toBe(true);
  });

  it('starts the deadline again with each byte that arrives', async () => {
    const clock = manualClock();
    const source = new PassThrough();
    const body = timedWhileRead(source, DEADLINE_MS, clock.timers);
    const chunks = body[Symbol.asyncIterator]();

    const first = chunks.next();
    await nextTurn();
    clock.advance(DEADLINE_MS - 50);
    source.write(Buffer.from('a'));
    expect((await first).done).toBe(false);
    const second = chunks.next();
    await nextTurn();
    clock.advance(DEADLINE_MS - 50);
    source.write(Buffer.from('b'));
    expect((await second).done).toBe(false);
    const third = chunks.next().catch((error: unknown) => error);
    await nextTurn();
    clock.advance(DEADLINE_MS);

    expect(await third).toBeInstanceOf(StalledError);
  });

  it('says the connection dropped when it closes before the body ends', async () => {
    const source = new PassThrough();
    const body = timedWhileRead(source, DEADLINE_MS, manualClock().timers);
    const read = body.toArray();

    source.write(Buffer.from('part'));
    source.destroy();

    await expect(read).rejects.toMatchObject({ name: 'ConnectionDroppedError', code: 'ECONNRESET' });
  });

  it('keeps an error of a body opened ahead for its reader, without ending the process meanwhile', async () => {
    const source = new PassThrough();
    const body = timedWhileRead(source, DEADLINE_MS, manualClock().timers);

    source.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    await nextTurn();

    await expect(body.toArray()).rejects.toMatchObject({ message: 'socket hang up', code: 'ECONNRESET' });
  });

  it('lets the connection go when the body is dropped unread', () => {
    const source = new PassThrough();
    const body = timedWhileRead(source, DEADLINE_MS, manualClock().timers);

    body.destroy();

    expect(source.destroyed).toBe(true);
  });
});

describe('answeredWithin', () => {
  it('fails as stalled and cancels the request when no answer comes within the deadline', async () => {
    const clock = manualClock();
    let cancels = 0;
    const waiting = answeredWithin(new Promise<never>(() => undefined), DEADLINE_MS, () => (cancels += 1), clock.timers);
    const failure = waiting.catch((error: unknown) => error);

    clock.advance(DEADLINE_MS - 1);
    await nextTurn();
    expect(cancels).toBe(0);
    clock.advance(1);

    expect(await failure).toBeInstanceOf(StalledError);
    expect(cancels).toBe(1);
  });

  it('gives the answer that came in time, and cancels nothing later', async () => {
    const clock = manualClock();
    let cancels = 0;

    const answer = await answeredWithin(Promise.resolve('headers'), DEADLINE_MS, () => (cancels += 1), clock.timers);
    clock.advance(10 * DEADLINE_MS);

    expect(answer).toBe('headers');
    expect(cancels).toBe(0);
  });
});
