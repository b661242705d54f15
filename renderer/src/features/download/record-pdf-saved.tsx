/**
 * The record PDF in a saved outcome: where it is, with "Open PDF", or why it could not be made. The ZIP's outcome
 * around it stays as it is either way: the PDF is a reading copy, secondary to the verified ZIP.
 */
import { useState } from 'react';
import type { RecordPdfSummary } from '../../../../common/download.js';
import { documentStore, settle } from '../../shared/document-store.js';
import { formatCount } from '../../shared/format.js';

export function RecordPdfSaved({ recordPdf }: { readonly recordPdf: RecordPdfSummary }) {
  const api = documentStore();
  const [problem, setProblem] = useState<string | null>(null);
  if ('problem' in recordPdf) {
    return (
      <div className="nhsuk-inset-text app-download__record-pdf-problem">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>{recordPdf.problem}</p>
      </div>
    );
  }
  const { file, pages, zipOnly } = recordPdf;

  async function open(): Promise<void> {
    setProblem(null);
    const result = await settle(api.files.open(file));
    if (!result.ok) {
      setProblem(result.error.message);
    }
  }

  return (
    <>
      <h4 className="nhsuk-heading-xs">PDF of the record</h4>
      <p>
        <span className="app-path">{file}</span>
        <br />
        {formatCount(pages)} {pages === 1 ? 'page' : 'pages'}, with a list of the documents first.
        {zipOnly === 0 ? null : ` ${zipOnly === 1 ? 'One document is' : `${formatCount(zipOnly)} documents are`} in the ZIP file only: the list names ${zipOnly === 1 ? 'it' : 'them'}.`}
      </p>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void open()}>
        Open PDF
      </button>
      {problem === null ? null : (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">Error:</span> {problem}
        </p>
      )}
    </>
  );
}
