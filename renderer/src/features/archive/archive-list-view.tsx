/** The archive list view: notices, "Add a ZIP…", "Verify all", the filter, and a card per saved ZIP. */
import type { ArchiveEntryView } from '../../../../common/archive.js';
import { formatNhsNumber } from '../../../../common/nhs-number.js';
import { ErrorSummary } from '../../shared/error-summary.js';
import { useDocumentTitle, useFocusOnMount } from '../../shared/use-focus.js';
import { ArchiveEntryCard } from './archive-entry-card.js';
import { ArchiveFilter } from './archive-filter.js';
import { type ArchiveState, currentView } from './archive-state.js';
import { ImportResult } from './import-result.js';
import type { ArchiveActions } from './use-archive.js';

export interface ArchiveListViewProps {
  readonly state: ArchiveState;
  readonly actions: ArchiveActions;
  readonly onOpen: (view: ArchiveEntryView) => void;
}

const TITLE = 'Archive of saved ZIPs';

/** The archive: every ZIP this app saved or was given, newest first, with its status and actions. Works offline. */
export function ArchiveListView({ state, actions, onOpen }: ArchiveListViewProps) {
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  useDocumentTitle(TITLE);
  const { listing } = state;
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
      <p className="nhsuk-body-l">
        The ZIP files saved by this app on this computer, newest first. Everything here works without a connection to the document store.
      </p>
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
        <button type="button" className="nhsuk-button" onClick={actions.add}>
          Add a ZIP…
        </button>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          disabled={state.verifyingAll || listing.status !== 'ready' || listing.entries.length === 0}
          onClick={actions.verifyAll}
        >
          {state.verifyingAll ? 'Checking every file…' : 'Verify all'}
        </button>
      </div>
      <ArchiveFilter current={state.filter} onFilter={actions.filter} />
      <ListBody state={state} actions={actions} onOpen={onOpen} />
    </>
  );
}

function ListBody({ state, actions, onOpen }: ArchiveListViewProps) {
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
  const forWhom = state.filter === null ? '' : ` for NHS number ${formatNhsNumber(state.filter)}`;
  if (listing.entries.length === 0) {
    return (
      <p className="nhsuk-body">
        {state.filter === null
          ? 'The archive is empty. ZIPs you download are added here once they are saved and verified; use "Add a ZIP…" for one saved earlier or by a colleague.'
          : `No saved ZIP${forWhom}.`}
      </p>
    );
  }
  return (
    <section aria-labelledby="archive-list-heading">
      <h2 id="archive-list-heading">
        {listing.entries.length === 1 ? '1 saved ZIP' : `${listing.entries.length} saved ZIPs`}
        {forWhom}
      </h2>
      <ul className="nhsuk-list app-archive-list">
        {listing.entries.map((listed) => {
          const view = currentView(state, listed);
          return (
            <ArchiveEntryCard
              key={view.entry.id}
              view={view}
              checking={state.verifyingAll && !state.checked.has(view.entry.id)}
              busy={state.busy.has(view.entry.id)}
              problem={state.problems.get(view.entry.id)}
              actions={actions}
              onOpen={onOpen}
            />
          );
        })}
      </ul>
    </section>
  );
}
