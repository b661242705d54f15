/**
 * The application shell: environment strip, NHS header with the person signed in and the two sections, the
 * section's view, and a footer with "Copy diagnostics". Search (look up and confirm the patient → their documents →
 * download) is behind sign-in; the archive of saved ZIPs is not. Search keeps its state (and a running download)
 * while the archive is shown, and forgets the patient as soon as the session ends.
 */
import { useCallback, useState } from 'react';
import { ArchiveSection } from '../features/archive/archive-section.js';
import { ManagedSettingsPage } from '../features/managed-settings/managed-settings-page.js';
import { SignInAgainCallout } from '../features/session/sign-in-again-callout.js';
import { useActivityReport } from '../features/session/use-activity-report.js';
import { type SessionState, useSession } from '../features/session/use-session.js';
import { useSettings } from '../features/settings/use-settings.js';
import { TraceCopyIndicator } from '../features/trace-copy/trace-copy-indicator.js';
import { documentStore, settle } from '../shared/document-store.js';
import { AppFooter } from './app-footer.js';
import { AppHeader, type Section } from './app-header.js';
import { EnvironmentStrip } from './environment-strip.js';
import type { JourneyState } from './journey-state.js';
import { RecordSection } from './record-section.js';
import { useAppInfo } from './use-app-info.js';
import { useRecordJourney } from './use-record-journey.js';

export function App() {
  const api = documentStore();
  const info = useAppInfo(api);
  const session = useSession(api);
  const { state, actions } = useRecordJourney(api, { holder: journeyHolder(session.session) });
  const { settings, settingsActions } = useSettings(api);
  const [section, setSection] = useState<Section>('search');
  // The managed settings page, opened from the footer, stands in for the section until "Back".
  const [managedSettingsShown, setManagedSettingsShown] = useState(false);
  const navigate = (next: Section) => {
    setManagedSettingsShown(false);
    setSection(next);
  };
  const view = session.session.status === 'ready' ? session.session.view : null;
  const reportActivity = useCallback(() => void settle(api.session.reportActivity()), [api]);
  useActivityReport(reportActivity, { enabled: view?.state === 'signed-in' });
  const person = view?.state === 'signed-in' || view?.state === 'sign-in-again' ? view.person : null;
  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <EnvironmentStrip info={info} />
      <AppHeader section={section} onNavigate={navigate} person={person} onSignOut={session.actions.signOut} />
      <TraceCopyIndicator api={api} />
      <div className="nhsuk-width-container">
        {/* tabIndex lets the skip link move focus here. */}
        <main className="nhsuk-main-wrapper app-main" id="maincontent" tabIndex={-1}>
          {view?.state === 'sign-in-again' ? (
            <SignInAgainCallout
              stage="ended"
              downloadWaiting={downloadRunning(state)}
              starting={session.starting}
              problem={session.problem?.message ?? null}
              onSignIn={session.actions.signIn}
            />
          ) : null}
          {view?.state === 'signing-in' && session.lastSignedIn !== null ? (
            <SignInAgainCallout stage="signing-in" url={view.url} onCancel={session.actions.cancelSignIn} />
          ) : null}
          {managedSettingsShown ? (
            <ManagedSettingsPage api={api} onBack={() => setManagedSettingsShown(false)} />
          ) : section === 'search' ? (
            <RecordSection session={session} journey={state} actions={actions} settings={settings} settingsActions={settingsActions} />
          ) : (
            <ArchiveSection
              api={api}
              onDownloadAgain={(nhsNumber) => {
                setSection('search');
                actions.lookUp(nhsNumber);
              }}
            />
          )}
        </main>
      </div>
      <AppFooter api={api} onShowManagedSettings={() => setManagedSettingsShown(true)} />
    </>
  );
}

/**
 * Whose journey it is: the person and role signed in (also while asked to sign in again, so a download carries on),
 * null when signed out, undefined while it is not known (starting, signing in, choosing a role).
 */
function journeyHolder(session: SessionState): string | null | undefined {
  if (session.status !== 'ready') {
    return undefined;
  }
  const { view } = session;
  switch (view.state) {
    case 'signed-out':
      return null;
    case 'signed-in':
    case 'sign-in-again':
      return JSON.stringify([view.person.id, view.person.role.personRoleId]);
    default:
      return undefined;
  }
}

function downloadRunning(state: JourneyState): boolean {
  return state.view === 'results' && state.download.status === 'running';
}
