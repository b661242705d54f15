import { AppHeader } from './components/app-header.js';
import { CurrentView } from './components/current-view.js';
import { EnvironmentStrip } from './components/environment-strip.js';
import { documentStore } from './document-store.js';
import { useApp } from './hooks/use-app.js';
import { useAppInfo } from './hooks/use-app-info.js';
import { useSettings } from './hooks/use-settings.js';

/**
 * The application: environment strip, NHS header, and the view for the current state
 * (search → searching → results → downloading → saved / failed).
 */
export function App() {
  const api = documentStore();
  const info = useAppInfo(api);
  const { state, actions } = useApp(api);
  const { settings, settingsActions } = useSettings(api);
  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <EnvironmentStrip info={info} />
      <AppHeader />
      <div className="nhsuk-width-container">
        {/* tabIndex lets the skip link move focus here. */}
        <main className="nhsuk-main-wrapper app-main" id="maincontent" tabIndex={-1}>
          <CurrentView state={state} actions={actions} settings={settings} settingsActions={settingsActions} />
        </main>
      </div>
    </>
  );
}
