/** "Technical details" under a saved outcome: the figures the IT service desk asks for, folded away from everyone else. */
import type { DownloadSummary, TraceCopyStatus } from '../../../../common/download.js';
import { formatCount, formatUploadedAt } from '../../shared/format.js';
import { SummaryRow } from '../../shared/summary-row.js';
import type { SaveOutcome } from './save-outcome.js';

export interface SaveTechnicalDetailsProps {
  readonly summary: DownloadSummary;
  readonly outcome: SaveOutcome;
  /** The ZIP's copy to the document store as it stands now (the summary's as at "Saved" until main says more). */
  readonly traceCopy?: TraceCopyStatus;
}

/**
 * An NHS details component, closed: the ZIP's SHA-256, where main built it, the trace ids, the copy to the document
 * store (where, its checksum, attempts and problem), and main's own reasons.
 */
export function SaveTechnicalDetails({ summary, outcome, traceCopy }: SaveTechnicalDetailsProps) {
  return (
    <details className="nhsuk-details app-technical-details">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">Technical details</span>
      </summary>
      <div className="nhsuk-details__text">
        <dl className="nhsuk-summary-list">
          <SummaryRow term="SHA-256 of the ZIP" value={<span className="app-hash">{summary.sha256}</span>} />
          <SummaryRow term="ZIP built at" value={<span className="app-path">{summary.zipLocation}</span>} />
          <SummaryRow term="Trace ID" value={summary.traceId} />
          <SummaryRow term="Correlation ID" value={summary.correlationId} />
          {outcome.deleted > 0 ? <SummaryRow term="Deleted documents left out" value={formatCount(outcome.deleted)} /> : null}
          {traceCopy === undefined ? null : <TraceCopyRows status={traceCopy} />}
        </dl>
        {outcome.notSaved.length > 0 ? (
          <ul className="nhsuk-list nhsuk-list--bullet">
            {outcome.notSaved.map((document) => (
              <li key={document.id}>
                <span className="app-path">{document.fileName}</span> ({document.id}): {document.technicalReason}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </details>
  );
}

/** The trace copy's rows: its policy mode and state as main names them, then what main knows of it. */
function TraceCopyRows({ status }: { readonly status: TraceCopyStatus }) {
  return (
    <>
      <SummaryRow term="Trace copy" value={`${status.state} (policy traceCopy "${status.mode}")`} />
      {status.location === undefined ? null : <SummaryRow term="Trace copy location" value={<span className="app-path">{status.location}</span>} />}
      {status.bytesTotal === undefined ? null : (
        <SummaryRow term="Trace copy bytes sent" value={`${formatCount(status.bytesUploaded ?? 0)} of ${formatCount(status.bytesTotal)}`} />
      )}
      {status.checksum === undefined ? null : <SummaryRow term="Trace copy checksum" value={<span className="app-hash">{status.checksum}</span>} />}
      {status.completedAt === undefined ? null : <SummaryRow term="Trace copy completed" value={formatUploadedAt(status.completedAt)} />}
      {status.attempts === undefined || status.attempts === 0 ? null : <SummaryRow term="Trace copy failed attempts" value={formatCount(status.attempts)} />}
      {status.nextAttemptAt === undefined ? null : <SummaryRow term="Trace copy next attempt" value={formatUploadedAt(status.nextAttemptAt)} />}
      {status.problem === undefined ? null : <SummaryRow term="Trace copy problem" value={status.problem} />}
    </>
  );
}
