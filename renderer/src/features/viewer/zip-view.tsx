/**
 * One saved ZIP opened offline: reading it (with its progress and Cancel), its manifest check, the table of its
 * documents, and the document being viewed, with the place in each document kept while the ZIP is open.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { type ArchiveEntryView, type ZipEntryInfo, type ZipListing } from '../../../../common/archive.js';
import type { DocumentStoreApi } from '../../../../common/contract.js';
import { formatNhsNumber } from '../../../../common/nhs-number.js';
import type { ErrorPayload } from '../../../../common/result.js';
import { ArchiveProgressPanel, isCancelled, useArchiveProgress } from '../../shared/archive-progress.js';
import { settle } from '../../shared/document-store.js';
import { ErrorSummary } from '../../shared/error-summary.js';
import { formatUploadedAt } from '../../shared/format.js';
import { useDocumentTitle, useFocusOnMount } from '../../shared/use-focus.js';
import { DocumentViewer } from './document-viewer.js';
import { ManifestCheck } from './manifest-check.js';
import { FIRST_PLACE, type ViewerPlace } from './viewer-place.js';
import { ZipEntriesTable, canView } from './zip-entries-table.js';

export interface ZipViewProps {
  readonly api: DocumentStoreApi;
  readonly view: ArchiveEntryView;
  /** Back to the archive; also where a cancelled opening goes, quietly. */
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
  const [places, setPlaces] = useState<ReadonlyMap<string, ViewerPlace>>(new Map());
  const [saved, setSaved] = useState<{ readonly text: string; readonly failed: boolean } | null>(null);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const progress = useArchiveProgress(api, state.status === 'loading');
  const { nhsNumber, savedAt, path } = view.entry;
  const patient = nhsNumber === null ? 'NHS number not known' : `NHS number ${formatNhsNumber(nhsNumber)}`;
  const title = `Documents in the ZIP for ${patient}`;
  useDocumentTitle(viewing === null ? title : `${viewing.name} – ${title}`);

  useEffect(() => {
    let current = true;
    void settle(api.archive.open(id)).then((result) => {
      if (!current) {
        return;
      }
      if (!result.ok && isCancelled(result.error)) {
        onBack();
      } else {
        setState(result.ok ? { status: 'ready', listing: result.value } : { status: 'failed', error: result.error });
      }
    });
    return () => {
      current = false;
    };
    // onBack is the owner's and may change on every render; opening again for it would read the ZIP again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, id]);

  const viewable = useMemo(() => (state.status === 'ready' ? state.listing.entries.filter((entry) => canView(entry, state.listing)) : []), [state]);
  const viewingIndex = viewing === null ? -1 : viewable.findIndex((entry) => entry.name === viewing.name);
  const rememberPlace = useCallback((name: string, place: ViewerPlace) => setPlaces((current) => new Map(current).set(name, place)), []);

  const saveCopy = useCallback(
    async (entry: ZipEntryInfo): Promise<void> => {
      setSaved(null);
      const result = await settle(api.archive.saveEntry(id, entry.name));
      if (!result.ok) {
        setSaved({ text: result.error.message, failed: true });
      } else if (result.value !== null) {
        setSaved({ text: `Saved a copy of "${entry.name}" as ${result.value.file}.`, failed: false });
      }
    },
    [api, id],
  );
  const onSaveCopy = useCallback((entry: ZipEntryInfo) => void saveCopy(entry), [saveCopy]);

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
      {state.status === 'loading' ? <ArchiveProgressPanel api={api} progress={progress} phase="listing" /> : null}
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
              place={places.get(viewing.name) ?? FIRST_PLACE}
              onPlaceChange={(place) => rememberPlace(viewing.name, place)}
              position={{ index: Math.max(0, viewingIndex), count: viewable.length }}
              onPrevious={() => setViewing(viewable[viewingIndex - 1] ?? viewing)}
              onNext={() => setViewing(viewable[viewingIndex + 1] ?? viewing)}
              onSaveCopy={() => onSaveCopy(viewing)}
              onClose={() => setViewing(null)}
            />
          )}
          <ZipEntriesTable listing={state.listing} onView={setViewing} onSaveCopy={onSaveCopy} />
        </>
      ) : null}
    </>
  );
}
