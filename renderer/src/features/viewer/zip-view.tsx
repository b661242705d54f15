/** One saved ZIP opened offline: its manifest check, the table of its documents, and the document being viewed. */
import { useEffect, useState } from 'react';
import { type ArchiveEntryView, type ZipEntryInfo, type ZipListing } from '../../../../common/archive.js';
import type { DocumentStoreApi } from '../../../../common/contract.js';
import { formatNhsNumber } from '../../../../common/nhs-number.js';
import type { ErrorPayload } from '../../../../common/result.js';
import { settle } from '../../shared/document-store.js';
import { ErrorSummary } from '../../shared/error-summary.js';
import { describeContentType, formatMegabytes, formatUploadedAt } from '../../shared/format.js';
import { useDocumentTitle, useFocusOnMount } from '../../shared/use-focus.js';
import { DocumentViewer } from './document-viewer.js';
import { ManifestCheck, describeCheck } from './manifest-check.js';

export interface ZipViewProps {
  readonly api: DocumentStoreApi;
  readonly view: ArchiveEntryView;
  readonly onBack: () => void;
}

type ListingState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly listing: ZipListing }
  | { readonly status: 'failed'; readonly error: ErrorPayload };

/** A saved ZIP opened offline: its documents checked against its manifest, each one viewable or saved as a copy. */
export function ZipView({ api, view, onBack }: ZipViewProps) {
  const { id } = view.entry;
  const [state, setState] = useState<ListingState>({ status: 'loading' });
  const [viewing, setViewing] = useState<ZipEntryInfo | null>(null);
  const [saved, setSaved] = useState<{ readonly text: string; readonly failed: boolean } | null>(null);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const { nhsNumber, savedAt, path } = view.entry;
  const patient = nhsNumber === null ? 'NHS number not known' : `NHS number ${formatNhsNumber(nhsNumber)}`;
  const title = `Documents in the ZIP for ${patient}`;
  useDocumentTitle(viewing === null ? title : `${viewing.name} – ${title}`);

  useEffect(() => {
    let current = true;
    void settle(api.archive.open(id)).then((result) => {
      if (current) {
        setState(result.ok ? { status: 'ready', listing: result.value } : { status: 'failed', error: result.error });
      }
    });
    return () => {
      current = false;
    };
  }, [api, id]);

  async function saveCopy(entry: ZipEntryInfo): Promise<void> {
    setSaved(null);
    const result = await settle(api.archive.saveEntry(id, entry.name));
    if (!result.ok) {
      setSaved({ text: result.error.message, failed: true });
    } else if (result.value !== null) {
      setSaved({ text: `Saved a copy of "${entry.name}" as ${result.value.file}.`, failed: false });
    }
  }

  return (
    <>
      <button type="button" className="nhsuk-back-link" onClick={onBack}>
        Back to the archive
      </button>
      <h1 ref={headingRef} tabIndex={-1}>
        <span className="nhsuk-caption-l">
          Documents in the ZIP for<span className="nhsuk-u-visually-hidden"> </span>
        </span>
        {patient}
      </h1>
      <p>
        Saved {formatUploadedAt(savedAt)}: <span className="app-path">{path}</span>
      </p>
      {/* Always in the page, so what is put in it is announced. */}
      <div role="status">
        {saved === null || saved.failed ? null : <p className="nhsuk-body app-notice app-notice--success">{saved.text}</p>}
      </div>
      {saved?.failed === true ? (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">Error:</span> {saved.text}
        </p>
      ) : null}
      {state.status === 'loading' ? <p className="nhsuk-body">Reading the ZIP and checking each document…</p> : null}
      {state.status === 'failed' ? (
        <ErrorSummary autoFocus>
          <p>{state.error.message}</p>
        </ErrorSummary>
      ) : null}
      {state.status === 'ready' ? (
        <>
          <ManifestCheck listing={state.listing} />
          {viewing === null ? null : (
            <DocumentViewer
              key={viewing.name}
              api={api}
              id={id}
              entry={viewing}
              onSaveCopy={() => void saveCopy(viewing)}
              onClose={() => setViewing(null)}
            />
          )}
          <EntriesTable listing={state.listing} onView={setViewing} onSaveCopy={(entry) => void saveCopy(entry)} />
        </>
      ) : null}
    </>
  );
}

interface EntriesTableProps {
  readonly listing: ZipListing;
  readonly onView: (entry: ZipEntryInfo) => void;
  readonly onSaveCopy: (entry: ZipEntryInfo) => void;
}

function EntriesTable({ listing, onView, onSaveCopy }: EntriesTableProps) {
  if (listing.entries.length === 0) {
    return <p className="nhsuk-body">This ZIP holds no documents.</p>;
  }
  const hasManifest = listing.manifest !== null;
  return (
    <table className="nhsuk-table app-documents-table app-zip-table">
      <caption className="nhsuk-table__caption">Documents in this ZIP</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th className="nhsuk-table__header app-col--filename-narrow" scope="col">
            Document
          </th>
          <th className="nhsuk-table__header app-col--type-narrow" scope="col">
            Type
          </th>
          <th className="nhsuk-table__header app-col--size" scope="col">
            Size
          </th>
          <th className="nhsuk-table__header app-col--check" scope="col">
            Manifest check
          </th>
          <th className="nhsuk-table__header app-col--actions" scope="col">
            Actions
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {listing.entries.map((entry) => {
          const check = describeCheck(entry.check, hasManifest);
          const canView = entry.viewable && entry.status === 'readable' && entry.size <= listing.viewLimitBytes;
          return (
            <tr className="nhsuk-table__row" key={entry.name}>
              <th className="nhsuk-table__cell app-documents-table__row-header app-path" scope="row">
                {entry.name}
              </th>
              <td className="nhsuk-table__cell">{describeContentType(entry.contentType ?? undefined)}</td>
              <td className="nhsuk-table__cell">{formatMegabytes(entry.size)}</td>
              <td className="nhsuk-table__cell">
                <strong className={`nhsuk-tag nhsuk-tag--${check.colour}`}>{check.text}</strong>
              </td>
              <td className="nhsuk-table__cell">
                <div className="app-zip-table__actions">
                  {canView ? (
                    <button type="button" className="nhsuk-button nhsuk-button--small app-zip-table__button" onClick={() => onView(entry)}>
                      View<span className="nhsuk-u-visually-hidden"> {entry.name}</span>
                    </button>
                  ) : null}
                  <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-zip-table__button" onClick={() => onSaveCopy(entry)}>
                    Save a copy…<span className="nhsuk-u-visually-hidden"> of {entry.name}</span>
                  </button>
                </div>
                {entry.viewable && entry.size > listing.viewLimitBytes ? <p className="nhsuk-body-s app-zip-table__note">Too large to view here.</p> : null}
                {entry.problem === null ? null : (
                  <p className="nhsuk-body-s app-zip-table__note">
                    {entry.status === 'refused' ? 'Not opened: ' : 'Cannot be read: '}
                    {entry.problem}
                  </p>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
