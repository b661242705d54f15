/** The search form: the NHS number, checked before it is sent, and the error summary when it fails the checks. */
import { type SubmitEvent, useState } from 'react';
import { parseNhsNumber } from '../../../../common/nhs-number.js';
import { ErrorSummary } from '../../shared/error-summary.js';
import { FocusLink } from '../../shared/focus-link.js';
import { useDocumentTitle, useFocusOnMount } from '../../shared/use-focus.js';
import { NHS_NUMBER_FIELD_ID, NhsNumberField } from './nhs-number-field.js';

export interface SearchViewProps {
  /** What the field starts with: empty, or the number of a search the user cancelled. */
  readonly initialNhsNumber: string;
  /** Called with the 10 digits once the number passes the same checks main makes. */
  readonly onSearch: (nhsNumber: string) => void;
}

const TITLE = "Search for a patient's documents";

/** The NHS number form; a number that fails the checks never reaches main. */
export function SearchView({ initialNhsNumber, onSearch }: SearchViewProps) {
  const [value, setValue] = useState(initialNhsNumber);
  const [problem, setProblem] = useState<{ readonly message: string; readonly attempt: number } | null>(null);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  useDocumentTitle(problem === null ? TITLE : `Error: ${TITLE}`);

  function submit(event: SubmitEvent<HTMLFormElement>): void {
    event.preventDefault();
    const parsed = parseNhsNumber(value);
    if (parsed.ok) {
      setProblem(null);
      onSearch(parsed.value);
    } else {
      // A new attempt number refocuses the summary even when the message is the same as last time.
      setProblem((previous) => ({ message: parsed.message, attempt: (previous?.attempt ?? 0) + 1 }));
    }
  }

  return (
    <>
      {problem === null ? null : (
        <ErrorSummary autoFocus focusKey={problem.attempt}>
          <ul className="nhsuk-list nhsuk-error-summary__list">
            <li>
              <FocusLink targetId={NHS_NUMBER_FIELD_ID}>{problem.message}</FocusLink>
            </li>
          </ul>
        </ErrorSummary>
      )}
      <h1 ref={headingRef} tabIndex={-1}>
        {TITLE}
      </h1>
      <form noValidate onSubmit={submit}>
        <NhsNumberField value={value} onChange={setValue} error={problem?.message ?? null} />
        <button type="submit" className="nhsuk-button">
          Search
        </button>
      </form>
    </>
  );
}
