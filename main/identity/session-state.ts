/**
 * The session's states as main holds them (with the tokens, which never leave main) and what the renderer is shown
 * of each (a SessionView, without them).
 */
import type { RoleOption, SessionView, SignedInPerson, SignedOutReason } from '../../common/identity.js';
import type { SignInTokens } from './sign-in-flow.js';

export type SessionState =
  | { readonly kind: 'signed-out'; readonly reason: SignedOutReason }
  /** `waitingFor`: the person a paused job waits for, while they sign in again; the job keeps waiting meanwhile. */
  | { readonly kind: 'signing-in'; readonly url: string | undefined; readonly waitingFor: SignedInPerson | undefined }
  | { readonly kind: 'choose-role'; readonly tokens: SignInTokens; readonly id: string; readonly name: string; readonly roles: ReadonlyArray<RoleOption> }
  | { readonly kind: 'signed-in'; readonly tokens: SignInTokens; readonly person: SignedInPerson }
  | { readonly kind: 'sign-in-again'; readonly person: SignedInPerson };

export function sessionViewOf(state: SessionState): SessionView {
  switch (state.kind) {
    case 'signed-out':
      return { state: 'signed-out', reason: state.reason };
    case 'signing-in':
      return { state: 'signing-in', url: state.url ?? '' };
    case 'choose-role':
      return { state: 'choose-role', name: state.name, roles: state.roles };
    case 'signed-in':
      return { state: 'signed-in', person: state.person, mayDownload: state.person.role.roleCode !== 'GP_CLINICAL' };
    case 'sign-in-again':
      return { state: 'sign-in-again', person: state.person };
  }
}
