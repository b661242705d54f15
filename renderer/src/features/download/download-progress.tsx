/** The running download: its phase, a progress bar, documents and megabytes so far, and Cancel. */
import type { DownloadProgress } from '../../../../common/download.js';
import { ProgressBar } from '../../shared/progress-bar.js';
import { useFocusOnMount } from '../../shared/use-focus.js';
import { describePhase, downloadPercent, formatBytesDone, formatDocumentsDone } from './download-progress-text.js';

export interface DownloadProgressViewProps {
  /** Null until main reports the first progress. */
  readonly progress: DownloadProgress | null;
  readonly cancelling: boolean;
  readonly onCancel: () => void;
}

const STARTING: DownloadProgress = { phase: 'querying', documentsDone: 0, documentsTotal: 0, bytesDone: 0 };

/** The phase in words, a progress bar for it, documents and megabytes so far, and Cancel. */
export function DownloadProgressView({ progress, cancelling, onCancel }: DownloadProgressViewProps) {
  // The Download button the user pressed is now disabled; focus comes here instead of getting lost.
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const current = progress ?? STARTING;
  const phase = describePhase(current.phase);
  const value = downloadPercent(current);
  const documents = formatDocumentsDone(current);
  return (
    <div className="app-download__progress">
      <h3 ref={headingRef} tabIndex={-1}>
        Downloading documents
      </h3>
      <p role="status" className="app-download__phase">
        {cancelling ? 'Cancelling the download…' : phase}
      </p>
      <ProgressBar label="Download progress" value={value} valueText={`${value}%: ${phase}`} />
      <p className="app-download__counts">
        {documents === undefined ? null : <span>{documents}</span>}
        <span>{formatBytesDone(current)}</span>
      </p>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
