/**
 * The background copy of a saved ZIP to the document store, in words a practice user reads: where this download's
 * copy stands, and how many copies are still on their way. Every state says the person's own file is fine, because
 * it is: the copy is made from the saved, checked file and never changes it. Pure; the time is passed in.
 */
import type { TraceCopyStatus } from '../../../../common/download.js';
import { assertNever } from '../../shared/assert-never.js';
import { formatCount, formatTimeOfDay } from '../../shared/format.js';

/** This download's copy in words: a first line (with the share sent while uploading) and what it means. */
export interface TraceCopyWords {
  readonly headline: string;
  /** 0 to 100 while the copy is being sent and its size is known. */
  readonly percent?: number;
  readonly detail: string;
}

const FILE_IS_FINE = 'Your saved file is not affected and is ready to use.';

/** The words for one copy; null when no copy is kept (policy 'none'), which the outcome need not mention. */
export function describeTraceCopy(status: TraceCopyStatus, now: Date = new Date()): TraceCopyWords | null {
  switch (status.state) {
    case 'uploading':
      return {
        headline: 'Sending a copy to the document store',
        percent: percentSent(status),
        detail: 'Your saved file is ready to use. If you close the app, the copy carries on the next time you open it.',
      };
    case 'complete':
      return { headline: 'A copy is kept in the document store', detail: 'It was checked and matches your saved file.' };
    case 'unverified':
      return {
        headline: 'A copy is kept in the document store, but it could not be checked',
        detail: `The document store did not confirm that its copy matches your file. ${FILE_IS_FINE}`,
      };
    case 'failed':
      return status.givenUp === true
        ? {
            headline: 'The copy for the document store could not be sent',
            detail: `The app has stopped trying. ${FILE_IS_FINE} If your organisation needs the copy, contact your IT service desk.`,
          }
        : { headline: 'The copy for the document store has not been sent yet', detail: `${nextTry(status.nextAttemptAt, now)} ${FILE_IS_FINE}` };
    case 'none':
      return null;
    default:
      return assertNever(status.state);
  }
}

/** The share of the copy sent, in whole percent (never 100 before the copy is complete); undefined when its size is unknown. */
export function percentSent(status: Pick<TraceCopyStatus, 'bytesUploaded' | 'bytesTotal'>): number | undefined {
  const { bytesUploaded = 0, bytesTotal } = status;
  if (bytesTotal === undefined || bytesTotal <= 0) {
    return undefined;
  }
  return Math.min(99, Math.max(0, Math.floor((bytesUploaded / bytesTotal) * 100)));
}

/** "The app keeps trying: the next try is at 14:32." (tomorrow when past midnight), or at the next start. */
function nextTry(nextAttemptAt: string | undefined, now: Date): string {
  const next = nextAttemptAt === undefined ? undefined : new Date(nextAttemptAt);
  if (next === undefined || Number.isNaN(next.getTime())) {
    return 'The app will try again the next time it starts.';
  }
  if (next.getTime() - now.getTime() < 60_000) {
    return 'The app keeps trying: the next try is in less than a minute.';
  }
  const tomorrow = next.toDateString() !== now.toDateString();
  return `The app keeps trying: the next try is at ${formatTimeOfDay(next)}${tomorrow ? ' tomorrow' : ''}.`;
}

/** Copies still on their way: being sent now, or waiting for the app to try again. */
export interface CopiesUnderWay {
  readonly sending: number;
  readonly waiting: number;
}

/** Counts the copies the app is still working on; one it has given up on, or a finished one, is not. */
export function copiesUnderWay(copies: ReadonlyArray<TraceCopyStatus>): CopiesUnderWay {
  const sending = copies.filter((copy) => copy.state === 'uploading').length;
  const waiting = copies.filter((copy) => copy.state === 'failed' && copy.givenUp !== true).length;
  return { sending, waiting };
}

/**
 * The app-wide line while copies are on their way: "Sending 1 copy to the document store." and, for any that failed,
 * that the app keeps trying and the saved files are fine; null when there is nothing on its way.
 */
export function describeCopiesUnderWay({ sending, waiting }: CopiesUnderWay): string | null {
  const sentences: string[] = [];
  if (sending > 0) {
    sentences.push(`Sending ${copies(sending)} to the document store.`);
  }
  if (waiting > 0) {
    const one = waiting === 1;
    sentences.push(
      `${copies(waiting)} for the document store ${one ? 'is' : 'are'} not sent yet: the app keeps trying. Your saved ${one ? 'file is' : 'files are'} fine.`,
    );
  }
  return sentences.length === 0 ? null : sentences.join(' ');
}

function copies(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'copy' : 'copies'}`;
}
