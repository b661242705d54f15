/**
 * The whole download as one progress: main's phases folded into four steps, one fraction for the whole job that
 * never goes backwards, and the speed and time left measured from when each progress event arrived.
 *
 * Pure: the caller passes the time of each event, so tests (and the reducer) need no clock.
 */
import type { DownloadPhase, DownloadProgress } from '../../../../common/download.js';
import { assertNever } from '../../shared/assert-never.js';

/** The four steps the user is told about, in order. */
export const DOWNLOAD_STEPS = ['Finding the documents', 'Collecting documents', 'Saving to your folder', 'Checking the saved file'] as const;

/** 1 to 4: the step a phase belongs to. */
export function stepOf(phase: DownloadPhase): number {
  switch (phase) {
    case 'querying':
      return 1;
    case 'zipping':
    case 'uploading':
      return 2;
    case 'auditing':
    case 'saving':
      return 3;
    case 'verifying':
      return 4;
    default:
      return assertNever(phase);
  }
}

/** Each step's share of the bar in hundredths, by how long it usually takes: collecting reads every document, saving the ZIP. */
const STEP_SHARES = [2, 60, 30, 8] as const;

export interface DownloadJobProgress {
  /** 1 to 4; never goes back. */
  readonly step: number;
  /** 0 to 1 for the whole job; never goes back. */
  readonly fraction: number;
  readonly documentsDone: number;
  readonly documentsFailed: number;
  readonly documentsTotal: number;
  /** Bytes of the current step: documents read while collecting, the ZIP while saving and checking. */
  readonly bytesDone: number;
  readonly bytesTotal?: number;
  /** Bytes per second in the current step; undefined until it can be measured. */
  readonly bytesPerSecond?: number;
  /** Undefined until it can be estimated. */
  readonly secondsLeft?: number;
  /** Recent events, for the speed and the time left. */
  readonly samples: ReadonlyArray<Sample>;
}

interface Sample {
  /** Milliseconds, from the caller's clock. */
  readonly at: number;
  readonly fraction: number;
  readonly step: number;
  readonly bytesDone: number;
}

/** Speed and time left are measured over this much of the recent past, so they follow changes in the network. */
const WINDOW_MS = 10_000;
/** Less than this much of the recent past gives figures that jump about: none is shown until then. */
const MIN_SPAN_MS = 2_000;

export const STARTING_PROGRESS: DownloadJobProgress = {
  step: 1,
  fraction: 0,
  documentsDone: 0,
  documentsFailed: 0,
  documentsTotal: 0,
  bytesDone: 0,
  samples: [],
};

/** The job's progress after one more event from main, which arrived at `at` (milliseconds). */
export function advanceProgress(previous: DownloadJobProgress, event: DownloadProgress, at: number): DownloadJobProgress {
  const step = Math.max(previous.step, stepOf(event.phase));
  const fraction = Math.max(previous.fraction, jobFraction(event));
  const sample: Sample = { at, fraction, step, bytesDone: event.bytesDone };
  const samples = [...previous.samples.filter((kept) => at - kept.at <= WINDOW_MS), sample];
  return {
    step,
    fraction,
    documentsDone: event.documentsDone,
    documentsFailed: event.documentsFailed,
    documentsTotal: event.documentsTotal,
    bytesDone: event.bytesDone,
    bytesTotal: event.bytesTotal,
    bytesPerSecond: bytesPerSecond(samples),
    secondsLeft: secondsLeft(samples),
    samples,
  };
}

/** How far through the whole job an event is, 0 to 1. */
function jobFraction(event: DownloadProgress): number {
  const step = stepOf(event.phase);
  const before = STEP_SHARES.slice(0, step - 1).reduce((sum, share) => sum + share, 0);
  const share = STEP_SHARES[step - 1] ?? 0;
  return Math.min(1, (before + share * withinStep(event)) / 100);
}

/** How far through its step an event is, 0 to 1. */
function withinStep(event: DownloadProgress): number {
  switch (event.phase) {
    case 'querying':
    case 'auditing':
      return 0;
    case 'zipping':
      // A document that failed has been dealt with too: the step moves on past it.
      return ratio(event.documentsDone + event.documentsFailed, event.documentsTotal);
    case 'uploading':
      return 1;
    case 'saving':
    case 'verifying':
      return ratio(event.bytesDone, event.bytesTotal);
    default:
      return assertNever(event.phase);
  }
}

function ratio(done: number, total: number | undefined): number {
  return total === undefined || total <= 0 ? 0 : Math.min(1, Math.max(0, done / total));
}

/** The byte rate since the current step's first recent event; bytes start again at each step. */
function bytesPerSecond(samples: ReadonlyArray<Sample>): number | undefined {
  const last = samples.at(-1);
  const first = samples.find((sample) => sample.step === last?.step);
  if (last === undefined || first === undefined || last.at - first.at < MIN_SPAN_MS) {
    return undefined;
  }
  const rate = ((last.bytesDone - first.bytesDone) * 1000) / (last.at - first.at);
  return rate > 0 ? rate : undefined;
}

/** The rest of the job at the rate the whole job moved over the recent past. */
function secondsLeft(samples: ReadonlyArray<Sample>): number | undefined {
  const first = samples[0];
  const last = samples.at(-1);
  if (first === undefined || last === undefined || last.at - first.at < MIN_SPAN_MS) {
    return undefined;
  }
  const perSecond = ((last.fraction - first.fraction) * 1000) / (last.at - first.at);
  return perSecond > 0 ? (1 - last.fraction) / perSecond : undefined;
}
