/**
 * Picks the record journey's view for its state: the search form, finding and confirming the patient, searching,
 * a failed look-up or search, or the results.
 */
import type { PatientLookup } from '../../../common/patient.js';
import { ConfirmPatientView } from '../features/patient/confirm-patient-view.js';
import { FindingPatientView } from '../features/patient/finding-patient-view.js';
import { ResultsView } from '../features/results/results-view.js';
import { SearchFailedView } from '../features/search/search-failed-view.js';
import { SearchView } from '../features/search/search-view.js';
import { SearchingView } from '../features/search/searching-view.js';
import type { SettingsActions, SettingsState } from '../features/settings/use-settings.js';
import { assertNever } from '../shared/assert-never.js';
import type { JourneyState } from './journey-state.js';
import type { JourneyActions } from './use-record-journey.js';

export interface CurrentViewProps {
  readonly state: JourneyState;
  readonly actions: JourneyActions;
  readonly settings: SettingsState;
  readonly settingsActions: SettingsActions;
  /** The session's answer: may this person's role download at all. */
  readonly mayDownload: boolean;
}

/** What the results say in place of the download when the role may not download. */
export const ROLE_CANNOT_DOWNLOAD = 'Your role can view this list but cannot download documents.';
/** When main refuses this patient's download without saying why (it always should say). */
const PATIENT_CANNOT_DOWNLOAD = "You cannot download this patient's documents.";

/** The view for the journey's state; each view moves focus to its h1 (or its error summary) when it appears. */
export function CurrentView({ state, actions, settings, settingsActions, mayDownload }: CurrentViewProps) {
  switch (state.view) {
    case 'search':
      return <SearchView initialNhsNumber={state.nhsNumber} onSearch={actions.lookUp} />;
    case 'finding-patient':
      return <FindingPatientView nhsNumber={state.nhsNumber} onCancel={() => actions.cancelLookUp(state.requestId)} />;
    case 'confirm-patient':
      return <ConfirmPatientView lookup={state.lookup} onConfirm={actions.searchDocuments} onSearchAgain={actions.searchAgain} />;
    case 'searching':
      return <SearchingView nhsNumber={state.nhsNumber} progress={state.progress} onCancel={() => actions.cancelSearch(state.requestId)} />;
    case 'search-failed':
      return (
        <SearchFailedView
          stage={state.lookup === null ? 'patient' : 'documents'}
          nhsNumber={state.nhsNumber}
          error={state.error}
          onTryAgain={state.lookup === null ? () => actions.lookUp(state.nhsNumber) : actions.searchDocuments}
          onSearchAgain={actions.searchAgain}
          onStartAgain={actions.startAgain}
        />
      );
    case 'results':
      return (
        <ResultsView
          state={state}
          actions={actions}
          settings={settings}
          settingsActions={settingsActions}
          patient={state.lookup.patient}
          downloadRefusal={downloadRefusal(mayDownload, state.lookup)}
        />
      );
    default:
      return assertNever(state);
  }
}

/** Why the download is not offered, or null when it is: the role first, then this patient. */
export function downloadRefusal(mayDownload: boolean, lookup: PatientLookup): string | null {
  if (!mayDownload) {
    return ROLE_CANNOT_DOWNLOAD;
  }
  return lookup.access.mayDownload ? null : (lookup.access.reason ?? PATIENT_CANNOT_DOWNLOAD);
}
