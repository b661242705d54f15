/**
 * The whole download as one progress: main's phases folded into four steps (five when the PDF of the record was asked
 * for), one fraction for the whole job that never goes backwards, and the speed and time left measured from when each
 * progress event arrived.
 *
 * Pure: the caller passes the time of each event, so tests (and the reducer) need no clock.
 */
import type { DownloadPhase, DownloadProgress } from '../../../../common/download.js';
import { assertNever } from '../../shared/assert-never.js';

/** The four steps the user is told about, in order. */
export const DOWNLOAD_STEPS = ['Finding the documents', 'Collecting documents', 'Saving to your folder', 'Checking the saved file'] as const;

/** The fifth step, after the ZIP is saved and checked, when the PDF of the whole record was asked for. */
export const RECORD_PDF_STEP = 'Making the PDF of the record';
const RECORD_PDF_STEP_NUMBER = DOWNLOAD_STEPS.length + 1;

/** The steps of this job, in order. */
export function stepsOf(progress: Pick<DownloadJobProgress, 'recordPdf'>): ReadonlyArray<string> {
  return progress.recordPdf ? [...DOWNLOAD_STEPS, RECORD_PDF_STEP] : DOWNLOAD_STEPS;
}

/** True while the PDF of the record is being made: the saved ZIP is safe whatever happens to it. */
export function makingRecordPdf(progress: Pick<DownloadJobProgress, 'recordPdf' | 'step'>): boolean {
  return progress.recordPdf && progress.step === RECORD_PDF_STEP_NUMBER;
}

/** 1 to 5: the step a phase belongs to. */
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
    case 'recordPdf':
      return RECORD_PDF_STEP_NUMBER;
    default:
      return assertNever(phase);
  }
}

/** Each step's share of the bar in hundredths, by how long it usually takes: collecting reads every document, saving the ZIP. */
const STEP_SHARES = [2, 60, 30, 8] as const;
/**
 * With the PDF of the record: making it reads every document back, about 35 seconds a GB (docs/record-pdf.md). That
 * is about twice as long as downloading the same record on a fast network, and less than over a practice's network.
 */
const STEP_SHARES_WITH_RECORD_PDF = [2, 45, 22, 6, 25] as const;
/**
 * The most the job reaches from the PDF's progress: after its last document the index and the end of the file are
 * still to be written, and the job is done only when main says so (the outcome then replaces the bar).
 */
const MOST_BEFORE_RECORD_PDF_ENDS = 0.99;

export interface DownloadJobProgress {
  /** Whether the PDF of the whole record was asked for: its making is then the fifth step. */
  readonly recordPdf: boolean;
  /** 1 to 4, or 5 with the PDF of the record; never goes back. */
  readonly step: number;
  /** 0 to 1 for the whole job; never goes back. */
  readonly fraction: number;
  readonly documentsDone: number;
  readonly documentsFailed: number;
  readonly documentsTotal: number;
  /** Bytes of the current step: documents read while collecting and while making the PDF, the ZIP while saving and checking. */
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
  recordPdf: false,
  step: 1,
  fraction: 0,
  documentsDone: 0,
  documentsFailed: 0,
  documentsTotal: 0,
  bytesDone: 0,
  samples: [],
};

/** A job's progress before main has said anything: four steps, or five when the PDF of the record was asked for. */
export function startingProgress(recordPdf: boolean): DownloadJobProgress {
  return recordPdf ? { ...STARTING_PROGRESS, recordPdf } : STARTING_PROGRESS;
}

/** The job's progress after one more event from main, which arrived at `at` (milliseconds). */
export function advanceProgress(previous: DownloadJobProgress, event: DownloadProgress, at: number): DownloadJobProgress {
  // Main makes the PDF only when it was asked for; should the start not have said so, its step is still counted.
  const recordPdf = previous.recordPdf || event.phase === 'recordPdf';
  const step = Math.max(previous.step, stepOf(event.phase));
  const fraction = Math.max(previous.fraction, jobFraction(event, recordPdf));
  const sample: Sample = { at, fraction, step, bytesDone: event.bytesDone };
  const samples = [...previous.samples.filter((kept) => at - kept.at <= WINDOW_MS), sample];
  return {
    recordPdf,
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
function jobFraction(event: DownloadProgress, recordPdf: boolean): number {
  const shares: ReadonlyArray<number> = recordPdf ? STEP_SHARES_WITH_RECORD_PDF : STEP_SHARES;
  const step = stepOf(event.phase);
  const before = shares.slice(0, step - 1).reduce((sum, share) => sum + share, 0);
  const share = shares[step - 1] ?? 0;
  const most = event.phase === 'recordPdf' ? MOST_BEFORE_RECORD_PDF_ENDS : 1;
  return Math.min(most, (before + share * withinStep(event)) / 100);
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
    case 'recordPdf':
      // The time goes with the documents' bytes more than their number; a record whose sizes are unknown has only the count.
      return event.bytesTotal !== undefined && event.bytesTotal > 0 ? ratio(event.bytesDone, event.bytesTotal) : ratio(event.documentsDone, event.documentsTotal);
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
