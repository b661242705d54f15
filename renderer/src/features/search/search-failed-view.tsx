/**
 * The view when the patient could not be found or checked, or their documents could not be listed: main's message,
 * and the ways on that fit the failure.
 */
import type { ErrorCode } from '../../../../common/error-codes.js';
import { formatNhsNumber } from '../../../../common/nhs-number.js';
import type { ErrorPayload } from '../../../../common/result.js';
import { ErrorSummary } from '../../shared/error-summary.js';
import { useDocumentTitle } from '../../shared/use-focus.js';

/** Where the journey stopped: finding the patient on PDS, or listing their documents. */
export type FailedStage = 'patient' | 'documents';

export interface SearchFailedViewProps {
  readonly stage: FailedStage;
  readonly nhsNumber: string;
  readonly error: ErrorPayload;
  /** The same request again (the look-up, or the documents of the confirmed patient). */
  readonly onTryAgain: () => void;
  /** Back to the form with the number typed, to correct it. */
  readonly onSearchAgain: () => void;
  /** Back to an empty form. */
  readonly onStartAgain: () => void;
}

/**
 * Answers about the patient or the person that asking again will not change: the number has to change (or the
 * session has ended, and the sign-in page follows).
 */
const FINAL_FOR_THIS_NUMBER: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'patient-not-found',
  'patient-number-superseded',
  'not-permitted',
  'invalid-nhs-number',
  'not-signed-in',
  'session-expired',
]);

/** A look-up or search main could not complete: its message (written for the user), then what to do next. */
export function SearchFailedView({ stage, nhsNumber, error, onTryAgain, onSearchAgain, onStartAgain }: SearchFailedViewProps) {
  useDocumentTitle(stage === 'patient' ? 'Error: The patient could not be confirmed' : 'Error: Documents could not be listed');
  const number = formatNhsNumber(nhsNumber);
  return (
    <>
      <ErrorSummary autoFocus>
        <p>{error.message}</p>
      </ErrorSummary>
      {stage === 'patient' ? (
        <>
          <h1>Patient with NHS number {number}</h1>
          <p>The patient&apos;s details could not be checked, so no documents are listed.</p>
          <div className="nhsuk-button-group">
            {FINAL_FOR_THIS_NUMBER.has(error.code) ? null : (
              <button type="button" className="nhsuk-button" onClick={onTryAgain}>
                Try again
              </button>
            )}
            <button
              type="button"
              className={FINAL_FOR_THIS_NUMBER.has(error.code) ? 'nhsuk-button' : 'nhsuk-button nhsuk-button--secondary'}
              onClick={onSearchAgain}
            >
              Search again
            </button>
          </div>
        </>
      ) : (
        <>
          <h1>Documents for NHS number {number}</h1>
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
      )}
    </>
  );
}
