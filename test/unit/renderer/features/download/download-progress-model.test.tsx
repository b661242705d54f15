import { describe, expect, it } from 'vitest';
import type { DownloadProgress } from '../../../../../common/download.js';
import {
  advanceProgress,
  type DownloadJobProgress,
  STARTING_PROGRESS,
  startingProgress,
} from '../../../../../renderer/src/features/download/download-progress-model.js';
import {
  describeCancelling,
  describeStep,
  downloadPercent,
  formatDocumentsCollected,
  formatDocumentsFailed,
  formatSpeed,
  formatTimeLeft,
} from '../../../../../renderer/src/features/download/download-progress-text.js';

const MB = 1_048_576;

/** Feeds events to the model, each at the given second of the injected clock. */
function run(events: ReadonlyArray<readonly [seconds: number, event: DownloadProgress]>, start = STARTING_PROGRESS): DownloadJobProgress[] {
  const states: DownloadJobProgress[] = [];
  let state = start;
  for (const [seconds, event] of events) {
    state = advanceProgress(state, event, seconds * 1000);
    states.push(state);
  }
  return states;
}

/** A whole job as main reports it: 10 documents of 1 MB read in 10 s, a 10 MB ZIP saved in 5 s and checked in 1 s. */
function wholeJob(): Array<readonly [number, DownloadProgress]> {
  const events: Array<readonly [number, DownloadProgress]> = [[0, { phase: 'querying', documentsDone: 0, documentsFailed: 0, documentsTotal: 0, bytesDone: 0 }]];
  for (let done = 0; done <= 10; done += 1) {
    events.push([1 + done, { phase: 'zipping', documentsDone: done, documentsFailed: 0, documentsTotal: 10, bytesDone: done * MB }]);
  }
  events.push([11.5, { phase: 'uploading', documentsDone: 10, documentsFailed: 0, documentsTotal: 10, bytesDone: 10 * MB }]);
  events.push([12, { phase: 'auditing', documentsDone: 10, documentsFailed: 0, documentsTotal: 10, bytesDone: 0, bytesTotal: 10 * MB }]);
  for (let second = 0; second <= 5; second += 1) {
    events.push([12 + second, { phase: 'saving', documentsDone: 10, documentsFailed: 0, documentsTotal: 10, bytesDone: second * 2 * MB, bytesTotal: 10 * MB }]);
  }
  events.push([17, { phase: 'verifying', documentsDone: 10, documentsFailed: 0, documentsTotal: 10, bytesDone: 0, bytesTotal: 10 * MB }]);
  events.push([18, { phase: 'verifying', documentsDone: 10, documentsFailed: 0, documentsTotal: 10, bytesDone: 10 * MB, bytesTotal: 10 * MB }]);
  return events;
}

/**
 * The same job with the PDF of the record: main says the step at once (18.5 s), then the builder's progress document
 * by document, 1 MB a second, and once more as the file is written.
 */
function jobWithRecordPdf(): Array<readonly [number, DownloadProgress]> {
  const events = wholeJob();
  const pdf = (documentsDone: number, bytesTotal?: number): DownloadProgress => ({
    phase: 'recordPdf',
    documentsDone,
    documentsFailed: 0,
    documentsTotal: 10,
    bytesDone: documentsDone * MB,
    ...(bytesTotal === undefined ? {} : { bytesTotal }),
  });
  events.push([18.5, pdf(0)]);
  for (let done = 0; done <= 10; done += 1) {
    events.push([19 + done, pdf(done, 10 * MB)]);
  }
  events.push([29.2, pdf(10, 10 * MB)]);
  return events;
}

describe('the download progress model', () => {
  it('moves one bar for the whole job from 0 to 100 that never goes back, though main starts each phase again at 0', () => {
    const percents = run(wholeJob()).map(downloadPercent);
    expect(percents[0]).toBe(0);
    expect(percents.at(-1)).toBe(100);
    for (let index = 1; index < percents.length; index += 1) {
      expect(percents[index]).toBeGreaterThanOrEqual(percents[index - 1] ?? 0);
    }
  });

  it('holds its place when an event would put it back', () => {
    const [ahead, behind] = run([
      [0, { phase: 'zipping', documentsDone: 6, documentsFailed: 0, documentsTotal: 10, bytesDone: 6 * MB }],
      [1, { phase: 'zipping', documentsDone: 3, documentsFailed: 0, documentsTotal: 12, bytesDone: 6 * MB }],
    ]);
    expect(behind?.fraction).toBe(ahead?.fraction);
  });

  it('names four steps in order, whatever main\'s phase', () => {
    const steps = run(wholeJob()).map(describeStep);
    expect([...new Set(steps)]).toEqual([
      'Step 1 of 4: Finding the documents',
      'Step 2 of 4: Collecting documents',
      'Step 3 of 4: Saving to your folder',
      'Step 4 of 4: Checking the saved file',
    ]);
  });

  it('keeps documents and bytes done of the total', () => {
    const states = run(wholeJob());
    const collecting = states[5];
    expect(collecting === undefined ? undefined : formatDocumentsCollected(collecting)).toBe('4 of 10 documents collected');
    expect(states[16]).toMatchObject({ bytesDone: 4 * MB, bytesTotal: 10 * MB });
  });

  it('shows failed documents as failed, not as collected', () => {
    const [state] = run([[0, { phase: 'zipping', documentsDone: 4, documentsFailed: 2, documentsTotal: 10, bytesDone: 0 }]]);
    expect(state === undefined ? [] : [formatDocumentsCollected(state), formatDocumentsFailed(state)]).toEqual([
      '4 of 10 documents collected',
      '2 documents could not be collected',
    ]);
  });

  it('measures the speed of the current step from when the events arrived', () => {
    const states = run(wholeJob());
    // 1 MB a second while collecting; nothing until 2 seconds have been seen, as a figure from less would jump about.
    expect(states[2]?.bytesPerSecond).toBeUndefined();
    expect(states[6]?.bytesPerSecond).toBeCloseTo(MB);
    // Saving starts its bytes again at 0: 2 MB a second, not a negative figure from the step before.
    expect(states[17]?.bytesPerSecond).toBeCloseTo(2 * MB);
    expect(formatSpeed(2 * MB)).toBe('2.0 MB a second');
  });

  it('estimates the time left from how fast the whole job moved recently', () => {
    const states = run(wholeJob());
    expect(states[1]?.secondsLeft).toBeUndefined();
    // 6 s in, the job is 32% done; the other 68% at that rate takes 12.75 s.
    const collecting = states[6];
    expect(collecting?.secondsLeft).toBeCloseTo(12.75, 5);
    expect(formatTimeLeft(collecting?.secondsLeft ?? 0)).toBe('Less than a minute left');
  });

  it('forgets the distant past, so the estimate follows a slower network', () => {
    const fast = Array.from({ length: 9 }, (_, done) => [done, { phase: 'zipping', documentsDone: done, documentsFailed: 0, documentsTotal: 100, bytesDone: done * MB }] as const);
    // Then one document every 10 seconds: the old fast rate must not hide it.
    const slow = Array.from({ length: 3 }, (_, step) => [20 + step * 10, { phase: 'zipping', documentsDone: 9 + step, documentsFailed: 0, documentsTotal: 100, bytesDone: (9 + step) * MB }] as const);
    const last = run([...fast, ...slow]).at(-1);
    expect(last?.secondsLeft).toBeGreaterThan(15 * 60);
  });

  it('has a fifth step, "Making the PDF of the record", from the start when the PDF was asked for', () => {
    const states = run(jobWithRecordPdf(), startingProgress(true));
    expect(describeStep(startingProgress(true))).toBe('Step 1 of 5: Finding the documents');
    expect([...new Set(states.map(describeStep))]).toEqual([
      'Step 1 of 5: Finding the documents',
      'Step 2 of 5: Collecting documents',
      'Step 3 of 5: Saving to your folder',
      'Step 4 of 5: Checking the saved file',
      'Step 5 of 5: Making the PDF of the record',
    ]);
    expect(startingProgress(false)).toBe(STARTING_PROGRESS);
  });

  it('moves the bar of a job with the PDF forward only, leaving room for the PDF after the ZIP is checked', () => {
    const states = run(jobWithRecordPdf(), startingProgress(true));
    const percents = states.map(downloadPercent);
    for (let index = 1; index < percents.length; index += 1) {
      expect(percents[index]).toBeGreaterThanOrEqual(percents[index - 1] ?? 0);
    }
    const checked = states.findLastIndex((state) => state.step === 4);
    // The ZIP is saved and checked: three quarters of the job; the PDF is the rest.
    expect(percents[checked]).toBe(75);
    // Half the documents' bytes are in the PDF: half of its step.
    expect(downloadPercent(states[checked + 7] ?? STARTING_PROGRESS)).toBe(87);
    expect(states[checked + 7]).toMatchObject({ step: 5, documentsDone: 5, bytesDone: 5 * MB, bytesTotal: 10 * MB });
    // After the last document the index and the end of the file are still to be written: not 100 until main says done.
    expect(percents.at(-1)).toBe(99);
  });

  it('counts the PDF\'s documents as done, whether merged or listed in its index only', () => {
    const states = run(jobWithRecordPdf(), startingProgress(true));
    const making = states.find((state) => state.step === 5 && state.documentsDone === 3);
    expect(making === undefined ? undefined : formatDocumentsCollected(making)).toBe('3 of 10 documents done');
    // The speed of the PDF's own bytes, measured once two seconds of it have been seen.
    expect(states.find((state) => state.step === 5 && state.documentsDone === 1)?.bytesPerSecond).toBeUndefined();
    expect(states.find((state) => state.step === 5 && state.documentsDone === 6)?.bytesPerSecond).toBeCloseTo((6 * MB) / 6.5);
  });

  it('estimates the time left while the PDF is made from how fast the job moved', () => {
    const states = run(jobWithRecordPdf(), startingProgress(true));
    // 5 of the 10 seconds the PDF takes are left; the estimate follows the last 10 seconds, part of them saving.
    const halfway = states.find((state) => state.step === 5 && state.documentsDone === 5);
    expect(halfway?.secondsLeft).toBeGreaterThan(2);
    expect(halfway?.secondsLeft).toBeLessThan(10);
  });

  it('says that cancelling while the PDF is made keeps the saved ZIP', () => {
    const making = run(jobWithRecordPdf(), startingProgress(true)).at(-1) ?? STARTING_PROGRESS;
    expect(describeCancelling(making)).toBe('Cancelling the PDF of the record… The ZIP file stays saved.');
    expect(describeCancelling(run(wholeJob()).at(-1) ?? STARTING_PROGRESS)).toBe('Cancelling the download…');
  });

  it('says the time left in rounded words', () => {
    expect(formatTimeLeft(30)).toBe('Less than a minute left');
    expect(formatTimeLeft(80)).toBe('About 1 minute left');
    expect(formatTimeLeft(200)).toBe('About 3 minutes left');
    expect(formatTimeLeft(3 * 3600)).toBe('About 3 hours left');
  });
});
