/** The view while a search runs: how far main has read, and Cancel. */
import { formatNhsNumber } from '../../../../common/nhs-number.js';
import { formatDocuments } from '../../shared/format.js';
import { ProgressBar } from '../../shared/progress-bar.js';
import { WaitingView } from '../../shared/waiting-view.js';

/** How far a running search has read, as main last reported. */
export interface SearchProgress {
  readonly pagesRead: number;
  readonly itemsRead: number;
}

export interface SearchingViewProps {
  readonly nhsNumber: string;
  readonly progress: SearchProgress | null;
  readonly onCancel: () => void;
}

/** While main reads the patient's documents: activity, pages and documents read so far, and a way out. */
export function SearchingView({ nhsNumber, progress, onCancel }: SearchingViewProps) {
  const text = describeSearchProgress(progress);
  return (
    <WaitingView title="Searching for documents" onCancel={onCancel}>
      <p>NHS number {formatNhsNumber(nhsNumber)}</p>
      <ProgressBar label="Search progress" valueText={text} />
      <p role="status">{text}</p>
    </WaitingView>
  );
}

function describeSearchProgress(progress: SearchProgress | null): string {
  if (progress === null) {
    return 'Searching…';
  }
  const pages = progress.pagesRead === 1 ? '1 page' : `${progress.pagesRead} pages`;
  return `Searching… ${pages} read, ${formatDocuments(progress.itemsRead)} found so far.`;
}
