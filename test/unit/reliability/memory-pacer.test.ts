/**
 * The memory pacer asks for a collection once every so many bytes processed, the kind asked for, and never more often.
 */
import { describe, expect, it } from 'vitest';
import { memoryPacer } from '../../../main/reliability/memory-pacer.js';

describe('memoryPacer', () => {
  it('collects once each time the bytes processed since the last collection reach the interval', () => {
    const calls: unknown[] = [];
    const pacer = memoryPacer(1000, 'major', (options) => calls.push(options));

    pacer.processed(400);
    pacer.processed(599);
    expect(calls).toHaveLength(0);
    pacer.processed(1);
    expect(calls).toHaveLength(1);
    // One large piece is one collection, not one per interval it spans.
    pacer.processed(5000);
    expect(calls).toHaveLength(2);
    pacer.processed(999);
    expect(calls).toHaveLength(2);
  });

  it('asks for a full collection with no options (Node 20 runs gc({ type: "major" }) as a young one), a young one by name', () => {
    const major: unknown[] = [];
    const minor: unknown[] = [];
    memoryPacer(10, 'major', (options) => major.push(options)).processed(10);
    memoryPacer(10, 'minor', (options) => minor.push(options)).processed(10);

    expect(major).toEqual([undefined]);
    expect(minor).toEqual([{ type: 'minor', execution: 'sync' }]);
  });

  it('does nothing where no collection can be asked for', () => {
    expect(() => memoryPacer(10, 'major', null).processed(100)).not.toThrow();
  });
});
