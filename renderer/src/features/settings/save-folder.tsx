/** Where ZIPs are saved, as the download panel shows it, with the button that changes it. */
import type { SettingsState } from './use-settings.js';

export interface SaveFolderProps {
  readonly settings: SettingsState;
  readonly disabled: boolean;
  readonly onChange: () => void;
}

/**
 * "Saving to: /path" and the button that changes it; a folder the organisation's policy fixes is shown as
 * "Managed by your organisation", with no button.
 */
export function SaveFolder({ settings, disabled, onChange }: SaveFolderProps) {
  const { saveFolder, saveFolderLocked, saveFolderFromPolicy, choosing, error } = settings;
  return (
    <div className="app-save-folder">
      <p className="app-save-folder__text">
        Saving to:{' '}
        {typeof saveFolder === 'string' ? (
          <span className="app-path">{saveFolder}</span>
        ) : (
          <span>{saveFolder === null ? 'no folder chosen yet' : '…'}</span>
        )}
        {saveFolderLocked ? (
          <>
            {' '}
            <strong className="nhsuk-tag nhsuk-tag--grey app-save-folder__managed">Managed by your organisation</strong>
          </>
        ) : null}
        {!saveFolderLocked && saveFolderFromPolicy ? <span className="app-save-folder__hint"> (set by your organisation; you can change it)</span> : null}
      </p>
      {saveFolderLocked ? null : (
        <button type="button" className="nhsuk-button nhsuk-button--secondary app-save-folder__change" disabled={disabled || choosing} onClick={onChange}>
          {saveFolder === null ? 'Choose folder' : 'Change folder'}
        </button>
      )}
      {error === null ? null : (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">Error:</span> {error.message}
        </p>
      )}
    </div>
  );
}
