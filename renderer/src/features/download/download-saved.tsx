/**
 * A verified save, in plain words: green when every document of the record is in the ZIP, amber ("Saved 1,180 of
 * 1,234 documents") with the documents that are not and why when some are missing, and "Try the missing documents
 * again" when some could not be collected; ways to open the ZIP either way, and the record PDF if one was asked for
 * (its problem, if it could not be made, never changes the ZIP's outcome). Below the file, where its copy to the
 * document store stands, while that goes on in the background.
 */
import { useState } from 'react';
import { MAX_CHOSEN_DOCUMENTS } from '../../../../common/contract.js';
import type { DownloadSummary } from '../../../../common/download.js';
import type { Result } from '../../../../common/result.js';
import { documentStore, settle } from '../../shared/document-store.js';
import { formatCount, formatDocuments, formatMegabytes } from '../../shared/format.js';
import { SummaryRow } from '../../shared/summary-row.js';
import { useActingRole } from '../../shared/acting-role.js';
import { nextStepsFor } from '../../shared/unavailable-reasons.js';
import { useFocusOnMount } from '../../shared/use-focus.js';
import { TraceCopyLine } from '../trace-copy/trace-copy-line.js';
import { useTraceCopy } from '../trace-copy/use-trace-copies.js';
import { RecordPdfSaved } from './record-pdf-saved.js';
import { SaveTechnicalDetails } from './save-technical-details.js';
import { toSaveOutcome } from './save-outcome.js';

export interface DownloadSavedProps {
  readonly summary: DownloadSummary;
  /** Starts a download of the documents this save could not collect. */
  readonly onRetry: (documentIds: ReadonlyArray<string>) => void;
}

const TITLE_ID = 'download-saved-title';
export const TRY_AGAIN = 'Try the missing documents again';

/** The verified save: green when complete, amber with what is missing when not; focus comes here when it appears. */
export function DownloadSaved({ summary, onRetry }: DownloadSavedProps) {
  const ref = useFocusOnMount<HTMLDivElement>();
  const outcome = toSaveOutcome(summary);
  const role = useActingRole();
  // The copy to the document store goes on after "Saved" (single pass): followed here while the outcome shows.
  const traceCopy = useTraceCopy(documentStore(), summary.traceCopy);
  const details = (
    <>
      <dl className="nhsuk-summary-list">
        <SummaryRow term="File" value={<span className="app-path">{summary.file}</span>} />
        <SummaryRow term="Documents saved" value={`${formatCount(outcome.saved)} of ${formatCount(outcome.total)}`} />
        <SummaryRow term="Size" value={formatMegabytes(summary.bytes)} />
      </dl>
      <TraceCopyLine status={traceCopy} />
      {summary.archiveProblem === undefined ? null : <p>{summary.archiveProblem}</p>}
      <OpenButtons file={summary.file} />
      {summary.recordPdf === undefined ? null : <RecordPdfSaved recordPdf={summary.recordPdf} />}
      <SaveTechnicalDetails summary={summary} outcome={outcome} traceCopy={traceCopy} />
    </>
  );
  if (outcome.notSaved.length === 0) {
    return (
      <div ref={ref} tabIndex={-1} className="nhsuk-notification-banner nhsuk-notification-banner--success" role="alert" aria-labelledby={TITLE_ID}>
        <div className="nhsuk-notification-banner__header">
          <h3 className="nhsuk-notification-banner__title" id={TITLE_ID}>
            Saved and verified
          </h3>
        </div>
        <div className="nhsuk-notification-banner__content">
          <p className="nhsuk-notification-banner__heading">
            {formatDocuments(outcome.saved)} saved in one ZIP file, and the saved file was checked.
          </p>
          {details}
        </div>
      </div>
    );
  }
  return (
    <div ref={ref} tabIndex={-1} className="nhsuk-card nhsuk-card--warning app-download__partial" role="alert" aria-labelledby={TITLE_ID}>
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading" id={TITLE_ID}>
          <span className="nhsuk-u-visually-hidden">Important: </span>
          Saved {formatCount(outcome.saved)} of {formatDocuments(outcome.total)}
        </h3>
        <p>The ZIP file was saved and checked. {outcome.notSaved.length === 1 ? 'This document is' : 'These documents are'} not in it:</p>
        <ul className="nhsuk-list nhsuk-list--bullet">
          {outcome.notSaved.map((document) => (
            <li key={document.id}>
              <strong className="app-path">{document.fileName}</strong>: {document.reason}
            </li>
          ))}
        </ul>
        {nextStepsFor(
          outcome.notSaved.map((document) => document.reason),
          role,
        ).map((step) => (
          <p key={step}>{step}</p>
        ))}
        {/* Only documents that could not be collected may come now; those left out for a reason would be left out again. */}
        {summary.missing.length > 0 && summary.missing.length <= MAX_CHOSEN_DOCUMENTS ? (
          <button type="button" className="nhsuk-button" onClick={() => onRetry(summary.missing.map((document) => document.id))}>
            {TRY_AGAIN}
          </button>
        ) : null}
        {details}
      </div>
    </div>
  );
}

/** "Show in folder" and "Open", and why either could not be done. */
function OpenButtons({ file }: { readonly file: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  const api = documentStore();

  async function run(call: (file: string) => Promise<Result<null>>): Promise<void> {
    setProblem(null);
    const result = await settle(call(file));
    if (!result.ok) {
      setProblem(result.error.message);
    }
  }

  return (
    <>
      <div className="nhsuk-button-group">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void run((path) => api.files.showInFolder(path))}>
          Show in folder
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void run((path) => api.files.open(path))}>
          Open
        </button>
      </div>
      {problem === null ? null : (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">Error:</span> {problem}
        </p>
      )}
    </>
  );
}
