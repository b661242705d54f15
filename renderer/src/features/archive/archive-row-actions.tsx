/** What can be done with one saved record in the archive table, each button named for what it does. */
import type { ArchiveEntryView } from '../../../../common/archive.js';
import { formatNhsNumber } from '../../../../common/nhs-number.js';
import { formatUploadedAt } from '../../shared/format.js';
import type { ArchiveActions } from './use-archive.js';

export interface ArchiveRowActionsProps {
  readonly view: ArchiveEntryView;
  /** An action on this record is running. */
  readonly busy: boolean;
  /** "Verify all" is running and this record has no result yet. */
  readonly checking: boolean;
  readonly actions: ArchiveActions;
  readonly onOpen: (view: ArchiveEntryView) => void;
  readonly onRemove: (view: ArchiveEntryView) => void;
  /** Starts the record journey for this NHS number; absent where the app offers no search. */
  readonly onDownloadAgain: ((nhsNumber: string) => void) | undefined;
}

/** The record a row is about, in words: it tells apart each row's buttons for screen-reader users. */
export function recordTitle(view: ArchiveEntryView): string {
  const who = view.entry.nhsNumber === null ? 'NHS number not known' : `NHS number ${formatNhsNumber(view.entry.nhsNumber)}`;
  return `${who}, saved ${formatUploadedAt(view.entry.savedAt)}`;
}

/**
 * "View documents" (or "Locate…" when the file is not where it was saved), "Check the file is unchanged", "Open
 * folder", "Download again" for a file that changed, and "Remove from archive".
 */
export function ArchiveRowActions({ view, busy, checking, actions, onOpen, onRemove, onDownloadAgain }: ArchiveRowActionsProps) {
  const { entry } = view;
  const { nhsNumber } = entry;
  const missing = view.status === 'missing';
  const forThis = <span className="nhsuk-u-visually-hidden"> for {recordTitle(view)}</span>;
  const small = 'nhsuk-button nhsuk-button--small app-archive-table__button';
  const secondary = `${small} nhsuk-button--secondary`;
  return (
    <div className="app-archive-table__actions">
      {view.status === 'changed' && nhsNumber !== null && onDownloadAgain !== undefined ? (
        <button type="button" className={small} onClick={() => onDownloadAgain(nhsNumber)}>
          Download again{forThis}
        </button>
      ) : null}
      {missing ? (
        <button type="button" className={small} disabled={busy} onClick={() => actions.locate(entry.id)}>
          Locate…{forThis}
        </button>
      ) : (
        <button type="button" className={view.status === 'changed' ? secondary : small} disabled={busy} onClick={() => onOpen(view)}>
          View documents{forThis}
        </button>
      )}
      <button type="button" className={secondary} disabled={busy || checking} onClick={() => actions.verify(entry.id)}>
        Check the file is unchanged{forThis}
      </button>
      {missing ? null : (
        <button type="button" className={secondary} disabled={busy} onClick={() => actions.showInFolder(entry.id)}>
          Open folder{forThis}
        </button>
      )}
      <button type="button" className={secondary} disabled={busy} data-remove-for={entry.id} onClick={() => onRemove(view)}>
        Remove from archive{forThis}
      </button>
    </div>
  );
}
