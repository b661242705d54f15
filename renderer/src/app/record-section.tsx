/**
 * The record search behind sign-in: checking the session, the sign-in pages (sign in, continue in the browser,
 * choose a role), then the record journey once someone is signed in.
 */
import type { SettingsActions, SettingsState } from '../features/settings/use-settings.js';
import { ChooseRoleView } from '../features/session/choose-role-view.js';
import { ActingRole } from '../shared/acting-role.js';
import { SignInView } from '../features/session/sign-in-view.js';
import { SigningInView } from '../features/session/signing-in-view.js';
import type { Session } from '../features/session/use-session.js';
import { assertNever } from '../shared/assert-never.js';
import { ErrorSummary } from '../shared/error-summary.js';
import { CurrentView } from './current-view.js';
import type { JourneyState } from './journey-state.js';
import type { JourneyActions } from './use-record-journey.js';

export interface RecordSectionProps {
  readonly session: Session;
  readonly journey: JourneyState;
  readonly actions: JourneyActions;
  readonly settings: SettingsState;
  readonly settingsActions: SettingsActions;
}

/**
 * The search section for the session's state. While someone signed in is asked to sign in again (and while that
 * sign-in runs) the journey stays on screen under the app's callout; every branch that shows it returns the same
 * element, so React keeps it (and the results' filters and choice) rather than building it again.
 */
export function RecordSection({ session, journey, actions, settings, settingsActions }: RecordSectionProps) {
  const { session: state, problem, starting, lastSignedIn, actions: sessionActions } = session;
  const current = (
    <ActingRole.Provider value={lastSignedIn?.person.role.roleCode ?? null}>
      <CurrentView state={journey} actions={actions} settings={settings} settingsActions={settingsActions} mayDownload={lastSignedIn?.mayDownload ?? false} />
    </ActingRole.Provider>
  );
  if (state.status === 'loading') {
    return <p role="status">Checking whether you are signed in…</p>;
  }
  if (state.status === 'failed') {
    return (
      <>
        <ErrorSummary autoFocus>
          <p>{state.error.message}</p>
        </ErrorSummary>
        <h1>Sign in to Document Store Desktop</h1>
        <p>The app could not check whether you are signed in.</p>
        <button type="button" className="nhsuk-button" onClick={sessionActions.reload}>
          Try again
        </button>
      </>
    );
  }
  const view = state.view;
  switch (view.state) {
    case 'signed-out':
      return <SignInView reason={view.reason} problem={problem} starting={starting} onSignIn={sessionActions.signIn} />;
    case 'signing-in':
      return lastSignedIn === null ? <SigningInView url={view.url} onCancel={sessionActions.cancelSignIn} /> : current;
    case 'choose-role':
      return <ChooseRoleView name={view.name} roles={view.roles} problem={problem} onChoose={sessionActions.chooseRole} />;
    case 'signed-in':
    case 'sign-in-again':
      return current;
    default:
      return assertNever(view);
  }
}
