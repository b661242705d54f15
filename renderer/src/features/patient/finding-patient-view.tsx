/** The view while main looks the patient up on PDS: activity, the number, and Cancel. */
import { formatNhsNumber } from '../../../../common/nhs-number.js';
import { ProgressBar } from '../../shared/progress-bar.js';
import { useDocumentTitle, useFocusOnMount } from '../../shared/use-focus.js';

export interface FindingPatientViewProps {
  readonly nhsNumber: string;
  readonly onCancel: () => void;
}

const TITLE = 'Finding the patient';

/** While the patient's details are fetched; Cancel goes back to the form with the number kept. */
export function FindingPatientView({ nhsNumber, onCancel }: FindingPatientViewProps) {
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  useDocumentTitle(TITLE);
  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        {TITLE}
      </h1>
      <p>NHS number {formatNhsNumber(nhsNumber)}</p>
      <ProgressBar label="Finding the patient" valueText="Checking the patient's details…" />
      <p role="status">Checking the patient&apos;s details…</p>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancel}>
        Cancel
      </button>
    </>
  );
}
