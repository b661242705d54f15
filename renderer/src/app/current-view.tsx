/** Picks the record journey's view for its state: the search form, searching, search failed, or the results. */
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
}

/** The view for the journey's state; each view moves focus to its h1 (or its error summary) when it appears. */
export function CurrentView({ state, actions, settings, settingsActions }: CurrentViewProps) {
  switch (state.view) {
    case 'search':
      return <SearchView initialNhsNumber={state.nhsNumber} onSearch={actions.search} />;
    case 'searching':
      return <SearchingView nhsNumber={state.nhsNumber} progress={state.progress} onCancel={() => actions.cancelSearch(state.requestId)} />;
    case 'search-failed':
      return (
        <SearchFailedView
          nhsNumber={state.nhsNumber}
          error={state.error}
          onTryAgain={() => actions.search(state.nhsNumber)}
          onStartAgain={actions.startAgain}
        />
      );
    case 'results':
      return <ResultsView state={state} actions={actions} settings={settings} settingsActions={settingsActions} />;
    default:
      return assertNever(state);
  }
}
