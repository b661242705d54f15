/** The results view: one patient's documents, the download first (in view without scrolling), then the lists. */
import { formatNhsNumber } from '../../../../common/nhs-number.js';
import type { PatientDetails } from '../../../../common/patient.js';
import { formatCalendarDate, formatFetchedAt, NOT_RECORDED } from '../../shared/format.js';
import type { Column } from '../../shared/table-parts.js';
import { useDocumentTitle, useFocusOnMount } from '../../shared/use-focus.js';
import { type DownloadActions, DownloadPanel } from '../download/download-panel.js';
import type { DownloadState } from '../download/download-state.js';
import type { SettingsActions, SettingsState } from '../settings/use-settings.js';
import { AvailableDocuments } from './available-documents.js';
import type { DocumentLists, NotAvailableRow } from './document-lists.js';
import { DocumentsTable } from './documents-table.js';
import { NotAvailableSummary } from './not-available-summary.js';
import { useDocumentChoice } from './use-document-choice.js';

/** A finished search and the download of its documents. */
export interface ResultsState {
  readonly nhsNumber: string;
  /** Bundle.timestamp: when main read the list. */
  readonly fetchedAt: string;
  readonly documents: DocumentLists;
  readonly download: DownloadState;
}

/** What the results view can ask for: the download's actions, a fresh read of the list (Refresh), and a new search. */
export interface ResultsActions extends DownloadActions {
  readonly refresh: () => void;
  readonly startAgain: () => void;
}

export interface ResultsViewProps {
  readonly state: ResultsState;
  readonly actions: ResultsActions;
  readonly settings: SettingsState;
  readonly settingsActions: SettingsActions;
  /** The confirmed patient, named under the heading. */
  readonly patient?: PatientDetails;
  /**
   * Why this person may not download this patient's documents, in plain words; the download controls give way to it.
   * Null (or absent) when they may.
   */
  readonly downloadRefusal?: string | null;
}

const NOT_AVAILABLE_COLUMNS: ReadonlyArray<Column<NotAvailableRow>> = [
  { key: 'fileName', header: 'File name', cell: (row) => row.fileName, className: 'app-col--filename-narrow', rowHeader: true },
  { key: 'type', header: 'Type', cell: (row) => row.type, className: 'app-col--type-narrow' },
  { key: 'uploadedAt', header: 'Uploaded', cell: (row) => row.uploadedAt, className: 'app-col--date-narrow' },
  { key: 'reason', header: 'Reason', cell: (row) => row.reason, className: 'app-col--reason' },
];

const NOT_AVAILABLE_SECTION_ID = 'documents-not-available';

/**
 * The patient's documents: when the list was read, the download (above the lists, so it is in view after a search on
 * a laptop screen), what can be downloaded, and what cannot and why.
 */
export function ResultsView({ state, actions, settings, settingsActions, patient, downloadRefusal = null }: ResultsViewProps) {
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const nhsNumber = formatNhsNumber(state.nhsNumber);
  useDocumentTitle(`Documents for NHS number ${nhsNumber}`);
  // Leaving or re-reading the list while a download runs would lose track of it: cancel it first.
  const downloading = state.download.status === 'running';
  const { available, notAvailable } = state.documents;
  // Kept here, above the lists, so the download panel can save the documents chosen in them.
  const choice = useDocumentChoice(available);
  return (
    <>
      <button type="button" className="nhsuk-back-link" onClick={actions.startAgain} disabled={downloading}>
        Back to search
      </button>
      <h1 ref={headingRef} tabIndex={-1}>
        Documents for NHS number {nhsNumber}
      </h1>
      {patient === undefined ? null : <p className="nhsuk-body-l">{describePatient(patient)}</p>}
      <div className="app-fetched">
        <p className="app-fetched__time">{formatFetchedAt(state.fetchedAt)}</p>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-fetched__refresh"
          onClick={actions.refresh}
          disabled={downloading}
        >
          Refresh
        </button>
      </div>
      {downloadRefusal === null ? (
        <DownloadPanel
          nhsNumber={state.nhsNumber}
          availableCount={available.length}
          selectedIds={choice.selectedIds}
          download={state.download}
          actions={actions}
          settings={settings}
          settingsActions={settingsActions}
        />
      ) : (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>{downloadRefusal}</p>
        </div>
      )}
      {notAvailable.length > 0 ? (
        <NotAvailableSummary reasons={notAvailable.map((row) => row.reason)} targetId={NOT_AVAILABLE_SECTION_ID} />
      ) : null}
      {available.length > 0 ? (
        <AvailableDocuments rows={available} choice={choice} selectable={downloadRefusal === null} />
      ) : (
        <p className="nhsuk-body-l">There are no documents available for this patient.</p>
      )}
      {notAvailable.length > 0 ? (
        <section id={NOT_AVAILABLE_SECTION_ID} tabIndex={-1} aria-labelledby="documents-not-available-table-caption" className="app-section">
          <DocumentsTable
            id="documents-not-available-table"
            caption="List of documents not available"
            columns={NOT_AVAILABLE_COLUMNS}
            rows={notAvailable}
          />
        </section>
      ) : null}
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={actions.startAgain} disabled={downloading}>
        Start again
      </button>
    </>
  );
}

/** "Jane SMITH, born 3 March 1961": who the list is for, as the user confirmed them. */
function describePatient(patient: PatientDetails): string {
  const born = formatCalendarDate(patient.birthDate);
  return born === NOT_RECORDED ? patient.name : `${patient.name}, born ${born}`;
}
