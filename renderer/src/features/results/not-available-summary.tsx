/** The error summary above the results when some documents cannot be downloaded. */
import { ErrorSummary, ErrorSummaryLink } from '../../shared/error-summary.js';
import { formatDocuments } from '../../shared/format.js';

export interface NotAvailableSummaryProps {
  readonly count: number;
  /** The id of the section holding the table of documents not available. */
  readonly targetId: string;
}

/** Says that some documents cannot be downloaded and what to do, with a link down to their table. */
export function NotAvailableSummary({ count, targetId }: NotAvailableSummaryProps) {
  return (
    <ErrorSummary>
      <p>Some files are not available for download due to an issue</p>
      <p>Take a screenshot of the list and contact GP Practice to access the files</p>
      <ul className="nhsuk-list nhsuk-error-summary__list">
        <li>
          <ErrorSummaryLink targetId={targetId}>Go to the list of documents not available ({formatDocuments(count)})</ErrorSummaryLink>
        </li>
      </ul>
    </ErrorSummary>
  );
}
