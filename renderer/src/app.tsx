import { useState } from 'react';
import { AppFooter } from './components/app-footer.js';
import { AppHeader, type Section } from './components/app-header.js';
import { ArchiveSection } from './components/archive/archive-section.js';
import { CurrentView } from './components/current-view.js';
import { EnvironmentStrip } from './components/environment-strip.js';
import { documentStore } from './document-store.js';
import { useApp } from './hooks/use-app.js';
import { useAppInfo } from './hooks/use-app-info.js';
import { useSettings } from './hooks/use-settings.js';

/**
 * The application: environment strip, NHS header with the two sections, the section's view: search (search →
 * searching → results → downloading → saved / failed) or the archive of saved ZIPs, and a footer with "Copy diagnostics". Search keeps its state (and a
 * running download) while the archive is shown.
 */
export function App() {
  const api = documentStore();
  const info = useAppInfo(api);
  const { state, actions } = useApp(api);
  const { settings, settingsActions } = useSettings(api);
  const [section, setSection] = useState<Section>('search');
  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <EnvironmentStrip info={info} />
      <AppHeader section={section} onNavigate={setSection} />
      <div className="nhsuk-width-container">
        {/* tabIndex lets the skip link move focus here. */}
        <main className="nhsuk-main-wrapper app-main" id="maincontent" tabIndex={-1}>
          {section === 'search' ? (
            <CurrentView state={state} actions={actions} settings={settings} settingsActions={settingsActions} />
          ) : (
            <ArchiveSection api={api} />
          )}
        </main>
      </div>
      <AppFooter api={api} />
    </>
  );
}
