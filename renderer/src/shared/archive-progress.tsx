/**
 * How far the archive's long operation has got (hashing a ZIP, reading its documents) with a Cancel button: the
 * archive list and the offline viewer show it while main opens, adds, checks or locates a ZIP.
 */
import { useEffect, useState } from 'react';
import type { ArchiveProgress } from '../../../common/archive.js';
import type { DocumentStoreApi } from '../../../common/contract.js';
import type { ErrorPayload } from '../../../common/result.js';
import { settle } from './document-store.js';
import { ProgressBar } from './progress-bar.js';

/** The latest progress main reported while `running`; null before the first report and once it stops. */
export function useArchiveProgress(api: DocumentStoreApi, running: boolean): ArchiveProgress | null {
  const [progress, setProgress] = useState<ArchiveProgress | null>(null);
  useEffect(() => {
    if (!running) {
      return undefined;
    }
    const unsubscribe = api.archive.onProgress(setProgress);
    return () => {
      unsubscribe();
      // The next operation starts from nothing, not from where this one stopped.
      setProgress(null);
    };
  }, [api, running]);
  return progress;
}

/** True when main answered that the user cancelled: the view goes back quietly, with nothing to report. */
export function isCancelled(error: ErrorPayload): boolean {
  return error.code === 'cancelled';
}

export interface ArchiveProgressPanelProps {
  readonly api: DocumentStoreApi;
  readonly progress: ArchiveProgress | null;
  /** What is under way before main's first report: checking the file (hashing) or reading its documents. */
  readonly phase: ArchiveProgress['phase'];
}

const PHASE_WORDS: Readonly<Record<ArchiveProgress['phase'], string>> = {
  hashing: 'Checking the file…',
  listing: 'Reading the documents…',
};

/** The progress in words: "Checking the file… 40%", or without the percentage while the size is not known. */
export function describeArchiveProgress(
  progress: ArchiveProgress | null,
  phase: ArchiveProgress['phase'],
): { readonly words: string; readonly text: string; readonly percent?: number } {
  const words = PHASE_WORDS[progress?.phase ?? phase];
  if (progress === null || progress.totalBytes <= 0) {
    return { words, text: words };
  }
  const percent = Math.min(100, Math.floor((progress.doneBytes / progress.totalBytes) * 100));
  return { words, text: `${words} ${percent}%`, percent };
}

/**
 * The bar, its words, and "Cancel". Cancel asks main to stop; the operation then answers 'cancelled' and its owner
 * goes back to where the user was. Only the words are announced (once per phase), not every percentage; the bar
 * carries the percentage for those who ask.
 */
export function ArchiveProgressPanel({ api, progress, phase }: ArchiveProgressPanelProps) {
  const [cancelling, setCancelling] = useState(false);
  const { words, text, percent } = describeArchiveProgress(progress, phase);
  function cancel(): void {
    setCancelling(true);
    void settle(api.archive.cancel());
  }
  return (
    <div className="app-archive-progress">
      <p className="nhsuk-body app-archive-progress__text">
        <span aria-live="polite">{cancelling ? 'Cancelling…' : words}</span>
        {percent === undefined || cancelling ? null : <span aria-hidden="true"> {percent}%</span>}
      </p>
      <ProgressBar label="Progress" value={percent} valueText={text} />
      <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={cancelling} onClick={cancel}>
        Cancel
      </button>
    </div>
  );
}
