/** What "Add a ZIP…" found: the added file and its documents checked against the ZIP's manifest. */
import type { ArchiveImport } from '../../../../common/archive.js';
import { formatNhsNumber } from '../../../../common/nhs-number.js';
import { formatMegabytes } from '../../shared/format.js';
import { SummaryRow } from '../../shared/summary-row.js';
import { useFocusOnMount } from '../../shared/use-focus.js';
import { ManifestCheck, describeCheck } from '../viewer/manifest-check.js';

/** What "Add a ZIP…" found: the file, and whether each document is unchanged since it was saved (SHA-256 values folded away). */
export function ImportResult({ imported }: { readonly imported: ArchiveImport }) {
  const { entry, listing, alreadyArchived } = imported;
  const ref = useFocusOnMount<HTMLHeadingElement>(entry.id);
  const hasManifest = listing.manifest !== null;
  return (
    <section className="app-section app-import" aria-labelledby="import-heading">
      <h2 id="import-heading" ref={ref} tabIndex={-1}>
        {alreadyArchived ? 'This ZIP is already in the archive' : 'Added to the archive'}
      </h2>
      <p>
        <span className="app-path">{entry.path}</span> ({formatMegabytes(entry.bytes)}),{' '}
        {entry.nhsNumber === null ? 'NHS number not known' : `NHS number ${formatNhsNumber(entry.nhsNumber)}`}.
      </p>
      <ManifestCheck listing={listing} />
      {listing.entries.length > 0 ? (
        <>
          <table className="nhsuk-table app-documents-table">
            <caption className="nhsuk-table__caption nhsuk-table__caption--s">Documents in the added ZIP</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th className="nhsuk-table__header app-col--filename-narrow" scope="col">
                  Document
                </th>
                <th className="nhsuk-table__header app-col--type-narrow" scope="col">
                  Check
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {listing.entries.map((document) => {
                const check = describeCheck(document.check, hasManifest);
                return (
                  <tr className="nhsuk-table__row" key={document.name}>
                    <th className="nhsuk-table__cell app-documents-table__row-header app-path" scope="row">
                      {document.name}
                    </th>
                    <td className="nhsuk-table__cell">
                      <strong className={`nhsuk-tag nhsuk-tag--${check.colour}`}>{check.text}</strong>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <details className="nhsuk-details app-technical-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">SHA-256 of each document</span>
            </summary>
            <div className="nhsuk-details__text">
              <dl className="nhsuk-summary-list">
                {listing.entries.map((document) => (
                  <SummaryRow key={document.name} term={document.name} value={<span className="app-hash">{document.sha256 ?? 'Could not be read'}</span>} />
                ))}
              </dl>
            </div>
          </details>
        </>
      ) : null}
    </section>
  );
}
