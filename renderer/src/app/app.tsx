/**
 * The application shell: environment strip, NHS header with the two sections, the section's view: search (search →
 * searching → results → downloading → saved / failed) or the archive of saved ZIPs, and a footer with "Copy diagnostics".
 * Search keeps its state (and a running download) while the archive is shown.
 */
import { useState } from 'react';
import { ArchiveSection } from '../features/archive/archive-section.js';
import { useSettings } from '../features/settings/use-settings.js';
import { documentStore } from '../shared/document-store.js';
import { AppFooter } from './app-footer.js';
import { AppHeader, type Section } from './app-header.js';
import { CurrentView } from './current-view.js';
import { EnvironmentStrip } from './environment-strip.js';
import { useAppInfo } from './use-app-info.js';
import { useRecordJourney } from './use-record-journey.js';

export function App() {
  const api = documentStore();
  const info = useAppInfo(api);
  const { state, actions } = useRecordJourney(api);
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
