/** One saved ZIP in the archive list: its tags, details, check result, actions and remove confirmation. */
import { type ReactNode, useId, useRef, useState } from 'react';
import type { ArchiveEntryView } from '../../../../common/archive.js';
import { formatNhsNumber } from '../../../../common/nhs-number.js';
import { formatDocuments, formatMegabytes, formatUploadedAt } from '../../shared/format.js';
import { RemoveConfirmation } from './remove-confirmation.js';
import { StatusTag } from './status-tag.js';
import { type ArchiveActions, statusSentence } from './use-archive.js';

export interface ArchiveEntryCardProps {
  readonly view: ArchiveEntryView;
  /** True while "Verify all" runs and this entry has no result yet. */
  readonly checking: boolean;
  readonly busy: boolean;
  readonly problem: string | undefined;
  readonly actions: ArchiveActions;
  readonly onOpen: (view: ArchiveEntryView) => void;
}

/** The title of an archived ZIP, also used to tell apart the buttons of each card for screen-reader users. */
export function entryTitle(view: ArchiveEntryView): string {
  const who = view.entry.nhsNumber === null ? 'NHS number not known' : `NHS number ${formatNhsNumber(view.entry.nhsNumber)}`;
  return `${who}, saved ${formatUploadedAt(view.entry.savedAt)}`;
}

/** One saved ZIP: its status, where it is, what it holds, and what can be done with it. */
export function ArchiveEntryCard({ view, checking, busy, problem, actions, onOpen }: ArchiveEntryCardProps) {
  const { entry } = view;
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const removeRef = useRef<HTMLButtonElement>(null);
  const title = entryTitle(view);
  const missing = view.status === 'missing';
  const hidden = (text: string) => <span className="nhsuk-u-visually-hidden"> {text}</span>;
  const forThis = hidden(`the ZIP for ${title}`);

  function cancelRemove(): void {
    setConfirming(false);
    // Back to the button that opened the question; it is in the page again on the next frame.
    requestAnimationFrame(() => removeRef.current?.focus());
  }

  return (
    <li className="nhsuk-card app-archive-entry">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-s" id={`${id}-title`}>
          {title}
        </h3>
        <p className="app-archive-entry__tags">
          <StatusTag view={view} checking={checking} />
          {view.reviewDue ? <strong className="nhsuk-tag nhsuk-tag--yellow">Review due</strong> : null}
          {entry.manifestVerified === false ? <strong className="nhsuk-tag nhsuk-tag--red">Does not match its manifest</strong> : null}
          {entry.source === 'import' ? <strong className="nhsuk-tag nhsuk-tag--white">Added from disk</strong> : null}
        </p>
        <dl className="nhsuk-summary-list app-archive-entry__details">
          <Row term="File" value={<span className="app-path">{entry.path}</span>} />
          <Row term="Documents" value={`${formatDocuments(entry.documentCount)}${entry.missingCount > 0 ? `, ${entry.missingCount} could not be read when it was saved` : ''}`} />
          <Row term="Size" value={formatMegabytes(entry.bytes)} />
          <Row term="Check" value={view.status === null ? (checking ? 'Checking the file…' : 'Not checked yet.') : capitalise(statusSentence(view))} />
        </dl>
        {view.reviewDue ? (
          <p className="app-archive-entry__review">
            This ZIP is past the retention period. Review whether it is still needed; nothing is deleted unless you remove it.
          </p>
        ) : null}
        {problem === undefined ? null : (
          <p className="nhsuk-error-message" role="alert">
            <span className="nhsuk-u-visually-hidden">Error:</span> {problem}
          </p>
        )}
        <div className="nhsuk-button-group app-archive-entry__actions">
          {missing ? (
            <button type="button" className="nhsuk-button nhsuk-button--small" disabled={busy} onClick={() => actions.locate(entry.id)}>
              Locate…{forThis}
            </button>
          ) : (
            <button type="button" className="nhsuk-button nhsuk-button--small" disabled={busy} onClick={() => onOpen(view)}>
              Open{hidden(`ZIP for ${title}`)}
            </button>
          )}
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={busy || checking} onClick={() => actions.verify(entry.id)}>
            Verify{forThis}
          </button>
          {missing ? null : (
            <>
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={busy} onClick={() => actions.showInFolder(entry.id)}>
                Show in folder{forThis}
              </button>
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={busy} onClick={() => actions.openFile(entry.id)}>
                Open with another app{forThis}
              </button>
            </>
          )}
          <button
            ref={removeRef}
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            disabled={busy || confirming}
            onClick={() => setConfirming(true)}
          >
            Remove from archive{forThis}
          </button>
        </div>
        {confirming ? (
          <RemoveConfirmation
            file={entry.path}
            canDeleteFile={!missing}
            busy={busy}
            onConfirm={(deleteFile) => actions.remove(view, deleteFile)}
            onCancel={cancelRemove}
          />
        ) : null}
      </div>
    </li>
  );
}

function Row({ term, value }: { readonly term: string; readonly value: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{term}</dt>
      <dd className="nhsuk-summary-list__value">{value}</dd>
    </div>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
