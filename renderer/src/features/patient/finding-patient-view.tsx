/** The view while main looks the patient up on PDS: activity, the number, and Cancel. */
import { formatNhsNumber } from '../../../../common/nhs-number.js';
import { ProgressBar } from '../../shared/progress-bar.js';
import { WaitingView } from '../../shared/waiting-view.js';

export interface FindingPatientViewProps {
  readonly nhsNumber: string;
  readonly onCancel: () => void;
}

/** While the patient's details are fetched; Cancel goes back to the form with the number kept. */
export function FindingPatientView({ nhsNumber, onCancel }: FindingPatientViewProps) {
  return (
    <WaitingView title="Finding the patient" onCancel={onCancel}>
      <p>NHS number {formatNhsNumber(nhsNumber)}</p>
      <ProgressBar label="Finding the patient" valueText="Checking the patient's details…" />
      <p role="status">Checking the patient&apos;s details…</p>
    </WaitingView>
  );
}
