import { describe, expect, it, vi } from 'vitest';
import { withRetries } from '../../../main/reliability/retry.js';

/** An operation failing with these errors in turn, then succeeding with 'done'. */
function failingWith(...errors: Error[]) {
  return vi.fn(() => {
    const error = errors.shift();
    return error === undefined ? Promise.resolve('done') : Promise.reject(error);
  });
}

describe('withRetries', () => {
  it('tries once more than there are delays, then throws the last failure', async () => {
    const operation = failingWith(new Error('one'), new Error('two'), new Error('three'), new Error('four'));

    await expect(withRetries(operation, { delays: [1, 1] })).rejects.toThrow('three');
    expect(operation).toHaveBeenCalledTimes(3);
  });

  it('returns the first success', async () => {
    const operation = failingWith(new Error('blip'));

    await expect(withRetries(operation, { delays: [1, 1] })).resolves.toBe('done');
    expect(operation).toHaveBeenCalledTimes(2);
  });

  it('stops at a failure the rule says retrying cannot fix', async () => {
    const operation = failingWith(new Error('permanent'));

    await expect(withRetries(operation, { delays: [1, 1], shouldRetry: (error) => (error as Error).message !== 'permanent' })).rejects.toThrow(
      'permanent',
    );
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('starts the delays again after a try that made progress', async () => {
    let done = 0;
    const operation = vi.fn(() => {
      done += 1;
      return done < 6 ? Promise.reject(new Error(`cut after ${done}`)) : Promise.resolve('done');
    });

    await expect(withRetries(operation, { delays: [1], progress: () => done })).resolves.toBe('done');
    expect(operation).toHaveBeenCalledTimes(6);
  });

  it('waits with a quarter of jitter either way', async () => {
    const waits: number[] = [];
    vi.spyOn(Math, 'random').mockReturnValueOnce(0).mockReturnValueOnce(0.999);
    const started = performance.now();
    const operation = vi.fn(() => {
      waits.push(performance.now() - started);
      return Promise.reject(new Error('down'));
    });

    await expect(withRetries(operation, { delays: [40, 40] })).rejects.toThrow('down');
    vi.restoreAllMocks();
    expect(waits[1]! - waits[0]!).toBeGreaterThanOrEqual(29);
    expect(waits[2]! - waits[1]!).toBeGreaterThanOrEqual(49);
  });

  it('stops waiting when the signal aborts, with the signal’s reason', async () => {
    const controller = new AbortController();
    const operation = failingWith(new Error('down'));
    setTimeout(() => controller.abort(), 20);
    const started = performance.now();

    await expect(withRetries(operation, { delays: [60_000], signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('does not start when the signal has already aborted', async () => {
    const operation = failingWith();

    await expect(withRetries(operation, { delays: [], signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(operation).not.toHaveBeenCalled();
  });
});
