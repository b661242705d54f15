/** The download's state as the user sees it: progress while it runs, then saved, failed or cancelled. */
import { assertNever } from '../../shared/assert-never.js';
import { ErrorSummary } from '../../shared/error-summary.js';
import { useFocusOnMount } from '../../shared/use-focus.js';
import { DownloadProgressView } from './download-progress.js';
import { DownloadSaved } from './download-saved.js';
import { DOWNLOAD_CANCELLED, type DownloadState } from './download-state.js';

export interface DownloadOutcomeProps {
  readonly download: DownloadState;
  readonly onCancel: (requestId: string) => void;
  /** Starts a download of these documents: those a save could not collect. */
  readonly onRetry: (documentIds: ReadonlyArray<string>) => void;
}

/** The running download, or how the last one ended. */
export function DownloadOutcome({ download, onCancel, onRetry }: DownloadOutcomeProps) {
  switch (download.status) {
    case 'idle':
      return null;
    case 'running':
      return <DownloadProgressView progress={download.progress} cancelling={download.cancelling} onCancel={() => onCancel(download.requestId)} />;
    case 'saved':
      return <DownloadSaved summary={download.summary} onRetry={onRetry} />;
    case 'failed':
      // main's message says what went wrong and what to do next.
      return (
        <ErrorSummary autoFocus>
          <p>{download.error.message}</p>
        </ErrorSummary>
      );
    case 'cancelled':
      return <DownloadCancelled />;
    default:
      return assertNever(download);
  }
}

/** A calm note, not an error: the user stopped the download and nothing was written. */
function DownloadCancelled() {
  // Focus comes here because the Cancel button the user pressed has gone.
  const ref = useFocusOnMount<HTMLDivElement>();
  return (
    <div className="nhsuk-inset-text" ref={ref} tabIndex={-1} role="status">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <p>{DOWNLOAD_CANCELLED}</p>
    </div>
  );
}
