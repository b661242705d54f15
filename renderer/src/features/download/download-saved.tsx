/** The saved-and-verified banner: the ZIP's place and contents, the documents missing from it, and ways to open it. */
import { type ReactNode, useState } from 'react';
import type { DownloadSummary, MissingDocument } from '../../../../common/download.js';
import type { Result } from '../../../../common/result.js';
import { documentStore, settle } from '../../shared/document-store.js';
import { formatDocuments, formatMegabytes } from '../../shared/format.js';
import { useFocusOnMount } from '../../shared/use-focus.js';

export interface DownloadSavedProps {
  readonly summary: DownloadSummary;
  readonly notAvailableCount: number;
}

/** The verified save: where the ZIP is, what it holds, what is missing from it, and ways to open it. */
export function DownloadSaved({ summary, notAvailableCount }: DownloadSavedProps) {
  const ref = useFocusOnMount<HTMLDivElement>();
  const [problem, setProblem] = useState<string | null>(null);

  async function run(call: (file: string) => Promise<Result<null>>): Promise<void> {
    setProblem(null);
    const result = await settle(call(summary.file));
    if (!result.ok) {
      setProblem(result.error.message);
    }
  }

  const api = documentStore();
  return (
    <div
      ref={ref}
      tabIndex={-1}
      className="nhsuk-notification-banner nhsuk-notification-banner--success"
      role="alert"
      aria-labelledby="download-saved-title"
    >
      <div className="nhsuk-notification-banner__header">
        <h3 className="nhsuk-notification-banner__title" id="download-saved-title">
          Saved and verified
        </h3>
      </div>
      <div className="nhsuk-notification-banner__content">
        <p className="nhsuk-notification-banner__heading">
          {formatDocuments(summary.included.length)} saved in one ZIP file, and the saved file was checked.
        </p>
        <dl className="nhsuk-summary-list">
          <SummaryRow term="File" value={<span className="app-path">{summary.file}</span>} />
          <SummaryRow term="Documents in the ZIP" value={String(summary.included.length)} />
          <SummaryRow term="Size" value={formatMegabytes(summary.bytes)} />
        </dl>
        {summary.missing.length > 0 ? <MissingDocuments missing={summary.missing} /> : null}
        {notAvailableCount > 0 ? <p>Documents that are not available for download are not in the ZIP.</p> : null}
        <div className="nhsuk-button-group">
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void run((file) => api.files.showInFolder(file))}>
            Show in folder
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void run((file) => api.files.open(file))}>
            Open
          </button>
        </div>
        {problem === null ? null : (
          <p className="nhsuk-error-message" role="alert">
            <span className="nhsuk-u-visually-hidden">Error:</span> {problem}
          </p>
        )}
      </div>
    </div>
  );
}

function SummaryRow({ term, value }: { readonly term: string; readonly value: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{term}</dt>
      <dd className="nhsuk-summary-list__value">{value}</dd>
    </div>
  );
}

/** Documents that could not be read from storage: named, with the reason, and plainly not in the ZIP. */
function MissingDocuments({ missing }: { readonly missing: ReadonlyArray<MissingDocument> }) {
  const heading = missing.length === 1 ? '1 document is NOT in the ZIP' : `${formatDocuments(missing.length)} are NOT in the ZIP`;
  return (
    <div className="nhsuk-card nhsuk-card--warning">
      <div className="nhsuk-card__content">
        <h4 className="nhsuk-card__heading">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {heading}
        </h4>
        <p>
          {missing.length === 1
            ? 'This document could not be read from storage, so the ZIP does not include it:'
            : 'These documents could not be read from storage, so the ZIP does not include them:'}
        </p>
        <ul className="nhsuk-list nhsuk-list--bullet">
          {missing.map((document) => (
            <li key={document.id}>
              <strong className="app-path">{document.fileName}</strong>: {document.error}
            </li>
          ))}
        </ul>
        <p>Take a screenshot of this list and contact GP Practice to access {missing.length === 1 ? 'the file' : 'the files'}.</p>
      </div>
    </div>
  );
}
