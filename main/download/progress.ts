import type { DownloadProgress } from '../../common/download.js';
import { createThrottle } from './throttle.js';

/** Keeps the job's progress and passes it on at most every `intervalMs`, and always when the phase changes. */
export interface ProgressReporter {
  update(change: Partial<DownloadProgress>): void;
  /** Adds to the bytes done in the current phase. */
  addBytes(count: number): void;
  current(): DownloadProgress;
}

const DEFAULT_INTERVAL_MS = 100;

/** Creates a throttled progress reporter; without a listener it only keeps state. */
export function createProgressReporter(
  listener: ((progress: DownloadProgress) => void) | undefined,
  intervalMs = DEFAULT_INTERVAL_MS,
): ProgressReporter {
  let state: DownloadProgress = { phase: 'querying', documentsDone: 0, documentsFailed: 0, documentsTotal: 0, bytesDone: 0 };
  const throttle = createThrottle(intervalMs);
  const emit = (force: boolean): void => {
    if (listener !== undefined && throttle(force)) {
      listener(state);
    }
  };
  return {
    update(change) {
      const phaseChanged = change.phase !== undefined && change.phase !== state.phase;
      state = { ...state, ...change };
      // Phase changes and completed counts always go out, so the last thing a listener sees is the finished state.
      const completes = change.documentsDone === state.documentsTotal || (change.bytesDone !== undefined && change.bytesDone === state.bytesTotal);
      emit(phaseChanged || completes);
    },
    addBytes(count) {
      state = { ...state, bytesDone: state.bytesDone + count };
      emit(false);
    },
    current: () => state,
  };
}
