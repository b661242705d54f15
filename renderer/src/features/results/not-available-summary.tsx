/** The note above the results when some documents cannot be downloaded: neutral, not an error the user made. */
import { FocusLink } from '../../shared/focus-link.js';
import { formatDocuments } from '../../shared/format.js';
import { useActingRole } from '../../shared/acting-role.js';
import { nextStepsFor } from '../../shared/unavailable-reasons.js';

export interface NotAvailableSummaryProps {
  /** The reasons, in words, of the documents that cannot be downloaded (one per document). */
  readonly reasons: ReadonlyArray<string>;
  /** The id of the section holding the table of documents not available. */
  readonly targetId: string;
}

/** How many documents cannot be downloaded, what the user can do, and a link down to their table. */
export function NotAvailableSummary({ reasons, targetId }: NotAvailableSummaryProps) {
  const role = useActingRole();
  return (
    <div className="nhsuk-inset-text app-not-available">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <p>
        {formatDocuments(reasons.length)} cannot be downloaded.{' '}
        <FocusLink targetId={targetId}>See the list of documents not available, with the reasons</FocusLink>
      </p>
      {nextStepsFor(reasons, role).map((step) => (
        <p key={step}>{step}</p>
      ))}
    </div>
  );
}
