/**
 * The background copy to the document store in words: one headline and meaning per state, the share sent while it
 * uploads, when the app tries again, and the app-wide count; every state says the person's own file is fine.
 */
import { describe, expect, it } from 'vitest';
import type { TraceCopyStatus } from '../../../../../common/download.js';
import {
  copiesUnderWay,
  describeCopiesUnderWay,
  describeTraceCopy,
  percentSent,
} from '../../../../../renderer/src/features/trace-copy/trace-copy-words.js';

// Local time: the words say the next try in the clock the person reads.
const NOW = new Date(2026, 10, 27, 14, 20, 0);

function copy(overrides: Partial<TraceCopyStatus> = {}): TraceCopyStatus {
  return {
    mode: 'background',
    state: 'uploading',
    correlationId: 'correlation-1',
    location: 's3://sandbox-zip-store/correlation-1.zip',
    bytesUploaded: 0,
    bytesTotal: 1_000,
    ...overrides,
  };
}

const JARGON = /S3|s3:|CRC|checksum|SHA|bucket|upload|trace/iu;

describe('describeTraceCopy', () => {
  it.each<[string, TraceCopyStatus]>([
    ['uploading', copy({ bytesUploaded: 450 })],
    ['complete', copy({ state: 'complete', bytesUploaded: 1_000, checksum: 'CRC64NVME:abc', completedAt: NOW.toISOString() })],
    ['unverified', copy({ state: 'unverified', bytesUploaded: 1_000, problem: 'The document store returned no checksum.' })],
    ['failed, retrying', copy({ state: 'failed', attempts: 1, nextAttemptAt: new Date(NOW.getTime() + 120_000).toISOString(), problem: 'NoSuchBucket' })],
    ['failed, at the next start', copy({ state: 'failed', attempts: 6, problem: 'It will be tried again when the app next starts.' })],
    ['failed for good', copy({ state: 'failed', attempts: 1, givenUp: true, problem: 'The saved file cannot be read (ENOENT)' })],
  ])('%s: plain words, no jargon, and the saved file is fine', (_state, status) => {
    const words = describeTraceCopy(status, NOW);
    expect(words).not.toBeNull();
    const text = `${words?.headline ?? ''} ${words?.detail ?? ''}`;
    expect(text).not.toMatch(JARGON);
    expect(text).not.toContain(status.problem ?? '(no problem)');
    expect(text).toMatch(/your saved file|matches your saved file/iu);
  });

  it('uploading: says it is being sent, how much, and that closing the app loses nothing', () => {
    expect(describeTraceCopy(copy({ bytesUploaded: 456 }), NOW)).toEqual({
      headline: 'Sending a copy to the document store',
      percent: 45,
      detail: 'Your saved file is ready to use. If you close the app, the copy carries on the next time you open it.',
    });
  });

  it('complete: kept, and checked against the saved file', () => {
    expect(describeTraceCopy(copy({ state: 'complete', bytesUploaded: 1_000 }), NOW)).toEqual({
      headline: 'A copy is kept in the document store',
      detail: 'It was checked and matches your saved file.',
    });
  });

  it('unverified: kept, but never called checked', () => {
    const words = describeTraceCopy(copy({ state: 'unverified' }), NOW);
    expect(words?.headline).toBe('A copy is kept in the document store, but it could not be checked');
    expect(words?.detail).toContain('did not confirm that its copy matches your file');
    expect(words?.detail).toContain('Your saved file is not affected');
  });

  it('failed: not sent yet, and the next try as a time of day', () => {
    const words = describeTraceCopy(copy({ state: 'failed', nextAttemptAt: new Date(2026, 10, 27, 14, 32, 30).toISOString() }), NOW);
    expect(words?.headline).toBe('The copy for the document store has not been sent yet');
    expect(words?.detail).toBe('The app keeps trying: the next try is at 14:32. Your saved file is not affected and is ready to use.');
  });

  it('failed: a next try past midnight is tomorrow, one within a minute is "less than a minute"', () => {
    const lateNow = new Date(2026, 10, 27, 23, 50, 0);
    expect(describeTraceCopy(copy({ state: 'failed', nextAttemptAt: new Date(2026, 10, 28, 0, 20).toISOString() }), lateNow)?.detail).toContain(
      'the next try is at 00:20 tomorrow.',
    );
    expect(describeTraceCopy(copy({ state: 'failed', nextAttemptAt: new Date(NOW.getTime() + 30_000).toISOString() }), NOW)?.detail).toContain(
      'the next try is in less than a minute.',
    );
  });

  it('failed with no next try in this run: tried again when the app next starts', () => {
    expect(describeTraceCopy(copy({ state: 'failed', attempts: 6 }), NOW)?.detail).toBe(
      'The app will try again the next time it starts. Your saved file is not affected and is ready to use.',
    );
  });

  it('failed for good: says the app has stopped trying, never that it keeps trying', () => {
    const words = describeTraceCopy(copy({ state: 'failed', givenUp: true }), NOW);
    expect(words?.headline).toBe('The copy for the document store could not be sent');
    expect(words?.detail).toContain('The app has stopped trying.');
    expect(words?.detail).toContain('contact your IT service desk');
    expect(words?.detail).not.toMatch(/keeps trying|try again/u);
  });

  it("mode 'none': nothing to say", () => {
    expect(describeTraceCopy({ mode: 'none', state: 'none', correlationId: 'correlation-1' }, NOW)).toBeNull();
  });
});

describe('percentSent', () => {
  it.each<[number, number | undefined, number | undefined]>([
    [0, 1_000, 0],
    [456, 1_000, 45],
    [999, 1_000, 99],
    // Every byte sent is not yet a copy kept: the store still has to confirm it.
    [1_000, 1_000, 99],
    [10, undefined, undefined],
    [0, 0, undefined],
  ])('%s of %s bytes is %s%%', (bytesUploaded, bytesTotal, percent) => {
    expect(percentSent({ bytesUploaded, bytesTotal })).toBe(percent);
  });
});

describe('the copies under way, app-wide', () => {
  it('counts those being sent and those waiting for another try, not those done or given up', () => {
    const copies = [
      copy({ correlationId: 'a' }),
      copy({ correlationId: 'b', state: 'failed', nextAttemptAt: NOW.toISOString() }),
      copy({ correlationId: 'c', state: 'failed' }),
      copy({ correlationId: 'd', state: 'failed', givenUp: true }),
      copy({ correlationId: 'e', state: 'complete' }),
      copy({ correlationId: 'f', state: 'unverified' }),
    ];
    expect(copiesUnderWay(copies)).toEqual({ sending: 1, waiting: 2 });
  });

  it.each<[number, number, string | null]>([
    [0, 0, null],
    [1, 0, 'Sending 1 copy to the document store.'],
    [2, 0, 'Sending 2 copies to the document store.'],
    [0, 1, '1 copy for the document store is not sent yet: the app keeps trying. Your saved file is fine.'],
    [1, 2, 'Sending 1 copy to the document store. 2 copies for the document store are not sent yet: the app keeps trying. Your saved files are fine.'],
  ])('%s sending and %s waiting: %s', (sending, waiting, words) => {
    expect(describeCopiesUnderWay({ sending, waiting })).toBe(words);
  });
});
