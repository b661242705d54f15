import type { AppState } from '../app-state.js';
import { assertNever } from '../assert-never.js';
import type { AppActions } from '../hooks/use-app.js';
import type { SettingsActions, SettingsState } from '../hooks/use-settings.js';
import { ResultsView } from './results-view.js';
import { SearchFailedView } from './search-failed-view.js';
import { SearchView } from './search-view.js';
import { SearchingView } from './searching-view.js';

export interface CurrentViewProps {
  readonly state: AppState;
  readonly actions: AppActions;
  readonly settings: SettingsState;
  readonly settingsActions: SettingsActions;
}

/** The view for the app's state; each view moves focus to its h1 (or its error summary) when it appears. */
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
