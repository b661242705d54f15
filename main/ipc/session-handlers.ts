/**
 * The session and patient channels: sign-in, the role choice, sign-out, the person's activity, and the patient
 * look-up. Without a configured sign-in the session is "signed out" and signing in says what IT must set up.
 */
import type { PayloadOf, ValueOf } from '../../common/channels.js';
import type { SessionView } from '../../common/identity.js';
import type { Result } from '../../common/result.js';
import { NOT_CONFIGURED } from '../identity/access-gate.js';
import type { Session } from '../identity/session.js';
import type { AppServices } from '../services.js';
import type { Emit } from './handlers.js';

type SessionChannel =
  | 'session:get'
  | 'session:sign-in'
  | 'session:cancel-sign-in'
  | 'session:choose-role'
  | 'session:sign-out'
  | 'session:activity'
  | 'patients:look-up';

export type SessionImplementations = {
  readonly [C in SessionChannel]: (payload: PayloadOf<C>, emit: Emit) => Promise<Result<ValueOf<C>>>;
};

const NEVER_SIGNED_IN: SessionView = { state: 'signed-out', reason: 'never' };

export function sessionHandlers(session: Session | undefined, services: Pick<AppServices, 'lookUpPatient'>): SessionImplementations {
  const answer = <T>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value });
  if (session === undefined) {
    return {
      'session:get': () => answer(NEVER_SIGNED_IN),
      'session:sign-in': () => Promise.resolve({ ok: false, error: { code: 'sign-in-not-configured', message: NOT_CONFIGURED } }),
      'session:cancel-sign-in': () => answer(null),
      'session:choose-role': () => answer(NEVER_SIGNED_IN),
      'session:sign-out': () => answer(NEVER_SIGNED_IN),
      'session:activity': () => answer(null),
      'patients:look-up': ({ nhsNumber }) => services.lookUpPatient(nhsNumber),
    };
  }
  return {
    'session:get': () => answer(session.view()),
    'session:sign-in': () => session.signIn(),
    'session:cancel-sign-in': () => {
      session.cancelSignIn();
      return answer(null);
    },
    'session:choose-role': ({ personRoleId }) => Promise.resolve(session.chooseRole(personRoleId)),
    'session:sign-out': () => answer(session.signOut()),
    'session:activity': () => {
      session.activity();
      return answer(null);
    },
    'patients:look-up': ({ nhsNumber }) => services.lookUpPatient(nhsNumber),
  };
}

/** Sends every change of the session to the renderer (idle sign-out, expiry, sign-in again); returns the unsubscribe. */
export function forwardSessionChanges(session: Session | undefined, emit: Emit): () => void {
  return session === undefined ? () => undefined : session.onChange((view) => emit('session:changed', view));
}
