/** "Technical details" under a saved outcome: the figures the IT service desk asks for, folded away from everyone else. */
import type { DownloadSummary } from '../../../../common/download.js';
import { formatCount } from '../../shared/format.js';
import { SummaryRow } from '../../shared/summary-row.js';
import type { SaveOutcome } from './save-outcome.js';

export interface SaveTechnicalDetailsProps {
  readonly summary: DownloadSummary;
  readonly outcome: SaveOutcome;
}

/** An NHS details component, closed: the ZIP's SHA-256, where main built it, the trace ids, and main's own reasons. */
export function SaveTechnicalDetails({ summary, outcome }: SaveTechnicalDetailsProps) {
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
