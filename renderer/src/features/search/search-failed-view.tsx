/** The view when a search could not be completed: main's message, Try again and Start again. */
import { formatNhsNumber } from '../../../../common/nhs-number.js';
import type { ErrorPayload } from '../../../../common/result.js';
import { ErrorSummary } from '../../shared/error-summary.js';
import { useDocumentTitle } from '../../shared/use-focus.js';

export interface SearchFailedViewProps {
  readonly nhsNumber: string;
  readonly error: ErrorPayload;
  readonly onTryAgain: () => void;
  readonly onStartAgain: () => void;
}

/** A search main could not complete: its message (written for the user), then try again or start again. */
export function SearchFailedView({ nhsNumber, error, onTryAgain, onStartAgain }: SearchFailedViewProps) {
  useDocumentTitle('Error: Documents could not be listed');
  return (
    <>
      <ErrorSummary autoFocus>
        <p>{error.message}</p>
      </ErrorSummary>
      <h1>Documents for NHS number {formatNhsNumber(nhsNumber)}</h1>
      <p>The list of documents could not be fetched.</p>
      <div className="nhsuk-button-group">
        <button type="button" className="nhsuk-button" onClick={onTryAgain}>
          Try again
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onStartAgain}>
          Start again
        </button>
      </div>
    </>
  );
}
