/**
 * The archive list view: notices, "Add a ZIP…", "Check every file", the progress of a file being checked with
 * "Cancel", the question before a removal, and the table of saved records.
 */
import { useState } from 'react';
import type { ArchiveEntryView } from '../../../../common/archive.js';
import type { DocumentStoreApi } from '../../../../common/contract.js';
import { ArchiveProgressPanel, useArchiveProgress } from '../../shared/archive-progress.js';
import { ErrorSummary } from '../../shared/error-summary.js';
import { useDocumentTitle, useFocusOnMount } from '../../shared/use-focus.js';
import { recordTitle } from './archive-row-actions.js';
import { type ArchiveState, isHashing } from './archive-state.js';
import { ArchiveTable } from './archive-table.js';
import { ImportResult } from './import-result.js';
import { RemoveConfirmation } from './remove-confirmation.js';
import type { ArchiveActions } from './use-archive.js';

export interface ArchiveListViewProps {
  readonly api: DocumentStoreApi;
  readonly state: ArchiveState;
  readonly actions: ArchiveActions;
  readonly onOpen: (view: ArchiveEntryView) => void;
  /** Starts the record journey for this NHS number ("Download again" for a file that changed). */
  readonly onDownloadAgain?: (nhsNumber: string) => void;
}

const TITLE = 'Archive of saved ZIPs';

/** The archive: every ZIP this app saved or was given, with its status and actions. Works offline. */
export function ArchiveListView({ api, state, actions, onOpen, onDownloadAgain }: ArchiveListViewProps) {
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  useDocumentTitle(TITLE);
  const [removing, setRemoving] = useState<ArchiveEntryView | null>(null);
  const hashing = isHashing(state);
  const progress = useArchiveProgress(api, hashing);
  const { listing } = state;

  function endRemoving(focusRow: boolean): void {
    const id = removing?.entry.id;
    setRemoving(null);
    if (focusRow && id !== undefined) {
      // Back to the button that asked; it is in the page again on the next frame.
      requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`[data-remove-for="${CSS.escape(id)}"]`)?.focus());
    }
  }

  return (
    <>
      {state.problem === null ? null : (
        <ErrorSummary autoFocus focusKey={state.problem}>
          <p>{state.problem.message}</p>
        </ErrorSummary>
      )}
      <h1 ref={headingRef} tabIndex={-1}>
        {TITLE}
      </h1>
      <p className="nhsuk-body-l">The ZIP files saved by this app on this computer. Everything here works without a connection to the document store.</p>
      {listing.status === 'ready' && listing.recovered !== null ? (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            The archive list was damaged
          </h2>
          <p>{listing.recovered.message}</p>
        </div>
      ) : null}
      {/* Always in the page, so what is put in it is announced. */}
      <div role="status" className="app-archive__notice">
        {state.notice === null ? null : <p className={state.notice.kind === 'success' ? 'nhsuk-body app-notice app-notice--success' : 'nhsuk-body app-notice'}>{state.notice.text}</p>}
      </div>
      {state.imported === null ? null : <ImportResult imported={state.imported} />}
      <div className="nhsuk-button-group">
        <button type="button" className="nhsuk-button" disabled={state.adding} onClick={actions.add}>
          Add a ZIP…
        </button>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          disabled={state.verifyingAll || listing.status !== 'ready' || listing.entries.length === 0}
          onClick={actions.verifyAll}
        >
          {state.verifyingAll ? 'Checking every file…' : 'Check every file'}
        </button>
      </div>
      {/* Shown once main reports (after the file is chosen, for "Add a ZIP…" and "Locate…"), or at once for a check. */}
      {hashing && (progress !== null || state.verifyingAll) ? <ArchiveProgressPanel api={api} progress={progress} phase="hashing" /> : null}
      {removing === null ? null : (
        <RemoveConfirmation
          record={recordTitle(removing)}
          file={removing.entry.path}
          canDeleteFile={removing.status !== 'missing'}
          busy={state.busy.has(removing.entry.id)}
          onConfirm={(deleteFile) => {
            actions.remove(removing, deleteFile);
            endRemoving(false);
          }}
          onCancel={() => endRemoving(true)}
        />
      )}
      <ListBody state={state} actions={actions} onOpen={onOpen} onRemove={setRemoving} onDownloadAgain={onDownloadAgain} />
    </>
  );
}

interface ListBodyProps {
  readonly state: ArchiveState;
  readonly actions: ArchiveActions;
  readonly onOpen: (view: ArchiveEntryView) => void;
  readonly onRemove: (view: ArchiveEntryView) => void;
  readonly onDownloadAgain: ((nhsNumber: string) => void) | undefined;
}

function ListBody({ state, actions, onOpen, onRemove, onDownloadAgain }: ListBodyProps) {
  const { listing } = state;
  if (listing.status === 'loading') {
    return <p className="nhsuk-body">Reading the archive…</p>;
  }
  if (listing.status === 'failed') {
    return (
      <p className="nhsuk-error-message" role="alert">
        <span className="nhsuk-u-visually-hidden">Error:</span> {listing.error.message}
      </p>
    );
  }
  if (listing.entries.length === 0) {
    return (
      <p className="nhsuk-body">
        The archive is empty. ZIPs you download are added here once they are saved and verified; use &quot;Add a ZIP…&quot; for one saved earlier or by a
        colleague.
      </p>
    );
  }
  return (
    <section aria-labelledby="archive-list-heading">
      <h2 id="archive-list-heading">Saved records</h2>
      <ArchiveTable state={state} entries={listing.entries} actions={actions} onOpen={onOpen} onRemove={onRemove} onDownloadAgain={onDownloadAgain} />
    </section>
  );
}
