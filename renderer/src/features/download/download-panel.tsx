/** The download panel under the results: "Download all documents", the save folder, and the download's state. */
import { useState } from 'react';
import { formatDocuments } from '../../shared/format.js';
import { SaveFolder } from '../settings/save-folder.js';
import type { SettingsActions, SettingsState } from '../settings/use-settings.js';
import { DownloadOutcome } from './download-outcome.js';
import type { DownloadState } from './download-state.js';

/** What the download panel can ask for. */
export interface DownloadActions {
  /** Starts the download; the caller has made sure a save folder is set. */
  readonly download: (nhsNumber: string) => void;
  readonly cancelDownload: (requestId: string) => void;
}

export interface DownloadPanelProps {
  readonly nhsNumber: string;
  readonly availableCount: number;
  readonly download: DownloadState;
  readonly actions: DownloadActions;
  readonly settings: SettingsState;
  readonly settingsActions: SettingsActions;
}

const NO_FOLDER_CHOSEN = 'No folder was chosen, so nothing was downloaded. Select "Download all documents" again and choose a folder to save to.';

/** "Download all documents", where the ZIP goes, and how the download is going or how it ended. */
export function DownloadPanel({ nhsNumber, availableCount, download, actions, settings, settingsActions }: DownloadPanelProps) {
  const [notice, setNotice] = useState('');
  const running = download.status === 'running';
  const canStart = availableCount > 0 && !running && !settings.choosing && settings.saveFolder !== undefined;

  async function start(): Promise<void> {
    setNotice('');
    // With no folder yet, ask for one first and go on only if the user chose one.
    const folder = await settingsActions.ensureFolder();
    if (folder === null) {
      setNotice(NO_FOLDER_CHOSEN);
      return;
    }
    actions.download(nhsNumber);
  }

  async function changeFolder(): Promise<void> {
    setNotice('');
    await settingsActions.chooseFolder();
  }

  return (
    <section className="app-download" aria-labelledby="download-heading">
      <h2 id="download-heading">Download as one ZIP file</h2>
      <p>
        {availableCount > 0
          ? `Save the ${formatDocuments(availableCount)} available for download in one ZIP file. The app checks the saved file before it tells you it is done.`
          : 'There is nothing to download for this patient.'}
      </p>
      <div className="app-download__actions">
        <button type="button" className="nhsuk-button app-download__start" disabled={!canStart} onClick={() => void start()}>
          Download all documents
        </button>
        <SaveFolder settings={settings} disabled={running} onChange={() => void changeFolder()} />
      </div>
      {/* Always in the page, so what is put in it is announced. */}
      <div role="status" className="app-download__notice">
        {notice === '' ? null : <p className="nhsuk-body">{notice}</p>}
      </div>
      <DownloadOutcome download={download} onCancel={actions.cancelDownload} />
    </section>
  );
}
