/** The question "Remove this ZIP from the archive?", with the choice to delete the file as well. */
import { useId, useState } from 'react';
import { useFocusOnMount } from '../../shared/use-focus.js';

export interface RemoveConfirmationProps {
  /** The record in words: "NHS number 943 476 5919, saved 27 November 2026, 21:45". */
  readonly record: string;
  readonly file: string;
  /** False when the file is missing: there is nothing to delete. */
  readonly canDeleteFile: boolean;
  readonly busy: boolean;
  readonly onConfirm: (deleteFile: boolean) => void;
  readonly onCancel: () => void;
}

/**
 * "Remove from archive", confirmed: the archive stops listing the ZIP and the file stays, unless the user also ticks
 * "Delete the file" (main deletes it only while it is unchanged).
 */
export function RemoveConfirmation({ record, file, canDeleteFile, busy, onConfirm, onCancel }: RemoveConfirmationProps) {
  const [deleteFile, setDeleteFile] = useState(false);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const id = useId();
  return (
    <div className="nhsuk-warning-callout app-archive-entry__confirm" role="group" aria-labelledby={`${id}-heading`}>
      <h2 className="nhsuk-warning-callout__label" id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        <span className="nhsuk-u-visually-hidden">Important: </span>
        Remove this ZIP from the archive?
      </h2>
      <p>{record}.</p>
      <p>The archive will stop listing it. The file stays where it is unless you also tick &quot;Delete the file&quot;.</p>
      {canDeleteFile ? (
        <div className="nhsuk-form-group">
          <div className="nhsuk-checkboxes">
            <div className="nhsuk-checkboxes__item">
              <input
                className="nhsuk-checkboxes__input"
                id={`${id}-delete`}
                type="checkbox"
                checked={deleteFile}
                onChange={(event) => setDeleteFile(event.target.checked)}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`${id}-delete`}>
                Delete the file <span className="app-path">{file}</span> from this computer as well
              </label>
            </div>
          </div>
        </div>
      ) : null}
      <div className="nhsuk-button-group">
        <button
          type="button"
          className={deleteFile ? 'nhsuk-button nhsuk-button--warning' : 'nhsuk-button'}
          disabled={busy}
          onClick={() => onConfirm(canDeleteFile && deleteFile)}
        >
          {deleteFile ? 'Yes, remove and delete the file' : 'Yes, remove from archive'}
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
