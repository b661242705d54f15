/** The running download: its step, one progress bar for the whole job, documents, bytes, speed, time left, and Cancel. */
import { ProgressBar } from '../../shared/progress-bar.js';
import { useFocusOnMount } from '../../shared/use-focus.js';
import { type DownloadJobProgress, makingRecordPdf } from './download-progress-model.js';
import {
  CANCEL_KEEPS_THE_ZIP,
  describeCancelling,
  describeStep,
  downloadPercent,
  formatBytesDone,
  formatDocumentsCollected,
  formatDocumentsFailed,
  formatSpeed,
  formatTimeLeft,
} from './download-progress-text.js';

export interface DownloadProgressViewProps {
  readonly progress: DownloadJobProgress;
  readonly cancelling: boolean;
  readonly onCancel: () => void;
}

/**
 * "Step 2 of 4: Collecting documents", the bar for the whole job, what is done of what, and Cancel; while the PDF of
 * the record is made, that Cancel keeps the saved ZIP.
 */
export function DownloadProgressView({ progress, cancelling, onCancel }: DownloadProgressViewProps) {
  // The Download button the user pressed is now disabled; focus comes here instead of getting lost.
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const step = describeStep(progress);
  const value = downloadPercent(progress);
  const documents = formatDocumentsCollected(progress);
  const failed = formatDocumentsFailed(progress);
  return (
    <div className="app-download__progress">
      <h3 ref={headingRef} tabIndex={-1}>
        Downloading documents
      </h3>
      {/* Announces the step only: figures that change every moment would drown a screen reader. */}
      <p role="status" className="app-download__phase">
        {cancelling ? describeCancelling(progress) : step}
      </p>
      <ProgressBar label="Download progress" value={value} valueText={`${value}%: ${step}`} />
      <ul className="app-download__counts">
        {documents === undefined ? null : <li>{documents}</li>}
        {failed === undefined ? null : <li className="app-download__failed">{failed}</li>}
        <li>{formatBytesDone(progress)}</li>
        {progress.bytesPerSecond === undefined ? null : <li>{formatSpeed(progress.bytesPerSecond)}</li>}
        {progress.secondsLeft === undefined ? null : <li>{formatTimeLeft(progress.secondsLeft)}</li>}
      </ul>
      {makingRecordPdf(progress) ? <p className="nhsuk-body">{CANCEL_KEEPS_THE_ZIP}</p> : null}
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
