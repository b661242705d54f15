/**
 * The download panel above the results: "Download all documents" and "Download selected (N)", the save folder, "Also
 * save one PDF of the whole record", and the download's state.
 */
import { useState } from 'react';
import type { ArchiveEntry } from '../../../../common/archive.js';
import { MAX_CHOSEN_DOCUMENTS } from '../../../../common/contract.js';
import { documentStore, settle } from '../../shared/document-store.js';
import { formatCount, formatDocuments } from '../../shared/format.js';
import { SaveFolder } from '../settings/save-folder.js';
import type { SettingsActions, SettingsState } from '../settings/use-settings.js';
import { DownloadOutcome } from './download-outcome.js';
import { TRY_AGAIN } from './download-saved.js';
import { RecordPdfCheckbox, useRecordPdfChoice } from './record-pdf-checkbox.js';
import type { DownloadState } from './download-state.js';
import { lastSaveOf, SavedBefore } from './saved-before.js';

/** What the download panel can ask for. */
export interface DownloadActions {
  /**
   * Starts the download of every available document, or of `documentIds` only, and with `recordPdf` one PDF of the
   * record beside the ZIP; the caller has made sure a save folder is set.
   */
  readonly download: (nhsNumber: string, documentIds: ReadonlyArray<string> | undefined, recordPdf: boolean) => void;
  readonly cancelDownload: (requestId: string) => void;
}

export interface DownloadPanelProps {
  readonly nhsNumber: string;
  readonly availableCount: number;
  /** The documents selected in the list, for "Download selected (N)". */
  readonly selectedIds: ReadonlyArray<string>;
  readonly download: DownloadState;
  readonly actions: DownloadActions;
  readonly settings: SettingsState;
  readonly settingsActions: SettingsActions;
}

const DOWNLOAD_ALL = 'Download all documents';

/** "Download all documents" and "Download selected (N)", where the ZIP goes, and how the download is going or how it ended. */
export function DownloadPanel({ nhsNumber, availableCount, selectedIds, download, actions, settings, settingsActions }: DownloadPanelProps) {
  const api = documentStore();
  const [notice, setNotice] = useState('');
  const [recordPdf, chooseRecordPdf] = useRecordPdfChoice();
  /** A save of this record found in the archive, and the download waiting for "Save again". */
  const [savedBefore, setSavedBefore] = useState<{ readonly entry: ArchiveEntry; readonly documentIds?: ReadonlyArray<string> } | null>(null);
  const running = download.status === 'running';
  const canStart = availableCount > 0 && !running && !settings.choosing && settings.saveFolder !== undefined;
  const selected = selectedIds.length;
  const tooManySelected = selected > MAX_CHOSEN_DOCUMENTS;
  const downloadSelected = `Download selected (${formatCount(selected)})`;

  /** `button`: the words of the button pressed, to name it if the user has to press it again. */
  async function start(button: string, documentIds?: ReadonlyArray<string>, again = false): Promise<void> {
    setNotice('');
    setSavedBefore(null);
    // With no folder yet, ask for one first and go on only if the user chose one.
    const folder = await settingsActions.ensureFolder();
    if (folder === null) {
      setNotice(`No folder was chosen, so nothing was downloaded. Select "${button}" again and choose a folder to save to.`);
      return;
    }
    const earlier = again ? null : await lastSaveOf(api, nhsNumber);
    if (earlier !== null) {
      setSavedBefore({ entry: earlier, ...(documentIds === undefined ? {} : { documentIds }) });
      return;
    }
    actions.download(nhsNumber, documentIds, recordPdf);
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
          ? `Save the ${formatDocuments(availableCount)} available for download in one ZIP file, or select some of them in the list to save only those. The app checks the saved file before it tells you it is done.`
          : 'There is nothing to download for this patient.'}
      </p>
      {tooManySelected ? (
        <p className="nhsuk-body">
          You can download up to {formatCount(MAX_CHOSEN_DOCUMENTS)} selected documents at a time. Select fewer, or select "{DOWNLOAD_ALL}".
        </p>
      ) : null}
      <div className="app-download__actions">
        <button type="button" className="nhsuk-button app-download__start" disabled={!canStart} onClick={() => void start(DOWNLOAD_ALL)}>
          {DOWNLOAD_ALL}
        </button>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          disabled={!canStart || selected === 0 || tooManySelected}
          onClick={() => void start(downloadSelected, selectedIds)}
        >
          {downloadSelected}
        </button>
        <SaveFolder settings={settings} disabled={running} onChange={() => void changeFolder()} />
      </div>
      <RecordPdfCheckbox chosen={recordPdf} disabled={running} onChange={chooseRecordPdf} />
      {/* Always in the page, so what is put in it is announced. */}
      <div role="status" className="app-download__notice">
        {notice === '' ? null : <p className="nhsuk-body">{notice}</p>}
      </div>
      {savedBefore === null || running ? null : (
        <SavedBefore
          entry={savedBefore.entry}
          onOpen={() => void settle(api.archive.openFile(savedBefore.entry.id))}
          onSaveAgain={() => void start(DOWNLOAD_ALL, savedBefore.documentIds, true)}
          onKeep={() => setSavedBefore(null)}
        />
      )}
      <DownloadOutcome download={download} onCancel={actions.cancelDownload} onRetry={(documentIds) => void start(TRY_AGAIN, documentIds, true)} />
    </section>
  );
}
