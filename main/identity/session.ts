/**
 * The signed-in person's session in main: sign-in through the browser, the role acted in, the idle time-out,
 * sign-out, and an ID token for whoever needs one (STS, PDS), refreshed before it expires.
 *
 * When the session ends while a job needs a token, the session asks the person to sign in again and the job waits;
 * if the same person signs in, the job goes on with the new token, otherwise it ends with 'session-expired'. Tokens
 * never leave main; the renderer sees a SessionView.
 */
import { randomUUID } from 'node:crypto';
import type { SessionView, SignedInPerson, SignedOutReason } from '../../common/identity.js';
import type { Result } from '../../common/result.js';
import type { SignInConfig } from '../config/identity-config.js';
import { type Logger, silentLogger } from '../logging/logger.js';
import { identityFromClaims } from './roles.js';
import { SessionEndedError } from './session-ended.js';
import { SESSION_WORDS } from './session-messages.js';
import { type SessionState, sessionViewOf } from './session-state.js';
import type { SignInError, SignInFlow, SignInTokens } from './sign-in-flow.js';
import type { TokenVault } from './token-vault.js';

export interface SessionOptions {
  readonly config: SignInConfig;
  readonly flow: SignInFlow;
  /** Where a refresh token is kept between runs, encrypted by the OS; none for the CLI and the preview. */
  readonly vault?: TokenVault;
  readonly now?: () => number;
  /** How long a job waits for the person to sign in again before it ends. */
  readonly signInAgainWaitMs?: number;
  readonly logger?: Logger;
}

export interface Session {
  view(): SessionView;
  /** The acting person; undefined unless signed in (or waiting to sign in again). */
  person(): SignedInPerson | undefined;
  signIn(): Promise<Result<SessionView, SignInError>>;
  cancelSignIn(): void;
  chooseRole(personRoleId: string): Result<SessionView, SignInError>;
  signOut(reason?: SignedOutReason): SessionView;
  /** The person used the window (or main served them): the idle time-out starts again. */
  activity(): void;
  /** Signs out when the idle time-out has passed and no job holds the session open; called on a timer. */
  checkIdle(): void;
  /** A running job keeps the session from idling out until the returned function is called. */
  holdOpen(): () => void;
  /** A valid ID token for the acting person; waits for a new sign-in when it has expired while a job runs. */
  idToken(): Promise<string>;
  /** Restores the last session from the vault when it was in use within the idle time-out. */
  restore(): Promise<void>;
  onChange(listener: (view: SessionView) => void): () => void;
}

/** Refresh this long before the ID token expires, so a call never goes out with a token about to lapse. */
const REFRESH_MARGIN_MS = 60_000;
const DEFAULT_SIGN_IN_AGAIN_WAIT_MS = 15 * 60_000;

interface Waiter {
  resolve(token: string): void;
  reject(error: unknown): void;
}

export function createSession(options: SessionOptions): Session {
  const { config, flow, vault } = options;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger();
  const listeners = new Set<(view: SessionView) => void>();
  let state: SessionState = { kind: 'signed-out', reason: 'never' };
  let lastActivity = now();
  let holds = 0;
  let signingIn: { readonly controller: AbortController; readonly done: Promise<Result<SessionView, SignInError>> } | undefined;
  let refreshing: Promise<string> | undefined;
  const waiters: Waiter[] = [];
  let waitTimer: NodeJS.Timeout | undefined;

  const view = (): SessionView => sessionViewOf(state);
  // The state as it is now: after an await or a call it may no longer be what TypeScript narrowed it to.
  const stateNow = (): SessionState => state;

  function change(next: SessionState): SessionView {
    state = next;
    const shown = view();
    for (const listener of listeners) {
      listener(shown);
    }
    return shown;
  }

  function endWaits(error: unknown): void {
    clearTimeout(waitTimer);
    waitTimer = undefined;
    for (const waiter of waiters.splice(0)) {
      waiter.reject(error);
    }
  }

  function enter(tokens: SignInTokens, previous: SignedInPerson | undefined): Result<SessionView, SignInError> {
    const identity = identityFromClaims(tokens.claims);
    if (identity.roles.length === 0) {
      void vault?.clear();
      return { ok: false, error: { code: 'no-recognised-role', message: SESSION_WORDS.noRole } };
    }
    const continuing = previous !== undefined && previous.id === identity.id ? identity.roles.find((role) => role.personRoleId === previous.role.personRoleId) : undefined;
    const chosen = continuing ?? identity.roles.find((role) => role.personRoleId === identity.selectedRoleId) ?? (identity.roles.length === 1 ? identity.roles[0] : undefined);
    if (previous !== undefined && continuing === undefined) {
      endWaits(new SessionEndedError('session-expired', SESSION_WORDS.differentPerson));
    }
    lastActivity = now();
    if (chosen === undefined) {
      return { ok: true, value: change({ kind: 'choose-role', tokens, id: identity.id, name: identity.name, roles: identity.roles }) };
    }
    const person: SignedInPerson = { id: identity.id, name: identity.name, role: chosen, sessionId: continuing !== undefined && previous !== undefined ? previous.sessionId : randomUUID() };
    return { ok: true, value: signedIn(tokens, person) };
  }

  function signedIn(tokens: SignInTokens, person: SignedInPerson): SessionView {
    const shown = change({ kind: 'signed-in', tokens, person });
    if (tokens.refreshToken !== undefined) {
      void vault?.save({ refreshToken: tokens.refreshToken, personRoleId: person.role.personRoleId, lastActiveAt: lastActivity });
    }
    clearTimeout(waitTimer);
    waitTimer = undefined;
    for (const waiter of waiters.splice(0)) {
      waiter.resolve(tokens.idToken);
    }
    logger.info('session.signed-in', { roleCode: person.role.roleCode, odsCode: person.role.odsCode });
    return shown;
  }

  function signOut(reason: SignedOutReason = 'signed-out'): SessionView {
    signingIn?.controller.abort();
    void vault?.clear();
    endWaits(new SessionEndedError(reason === 'signed-out' ? 'not-signed-in' : 'session-expired', SESSION_WORDS.ended));
    if (state.kind !== 'signed-out') {
      logger.info('session.signed-out', { reason });
    }
    return change({ kind: 'signed-out', reason });
  }

  /** The session has ended: a job waiting for a token asks the person to sign in again; otherwise sign out. */
  function expire(): Promise<string> {
    const person = state.kind === 'signed-in' || state.kind === 'sign-in-again' ? state.person : undefined;
    if (person === undefined || holds === 0) {
      signOut('expired');
      return Promise.reject(new SessionEndedError('session-expired', SESSION_WORDS.ended));
    }
    if (state.kind !== 'sign-in-again') {
      change({ kind: 'sign-in-again', person });
      waitTimer = setTimeout(() => signOut('expired'), options.signInAgainWaitMs ?? DEFAULT_SIGN_IN_AGAIN_WAIT_MS);
      waitTimer.unref();
    }
    return waitForSignIn();
  }

  function waitForSignIn(): Promise<string> {
    return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
  }

  async function refreshed(tokens: SignInTokens, person: SignedInPerson): Promise<string> {
    if (tokens.refreshToken === undefined) {
      return expire();
    }
    const answer = await flow.refresh(tokens.refreshToken);
    if (state.kind !== 'signed-in' || state.person !== person) {
      // Signed out, and perhaps someone else signed in, while the refresh was out: never hand the job their token.
      return state.kind === 'signed-in' ? Promise.reject(new SessionEndedError('session-expired', SESSION_WORDS.ended)) : currentToken();
    }
    if (!answer.ok) {
      logger.warn('session.refresh-failed', { code: answer.error.code });
      return expire();
    }
    const entered = enter(answer.value, person);
    return entered.ok && stateNow().kind === 'signed-in' ? answer.value.idToken : expire();
  }

  function currentToken(): Promise<string> {
    switch (state.kind) {
      case 'signed-in': {
        const { tokens, person } = state;
        if (now() < tokens.expiresAt - REFRESH_MARGIN_MS) {
          return Promise.resolve(tokens.idToken);
        }
        refreshing ??= refreshed(tokens, person).finally(() => {
          refreshing = undefined;
        });
        return refreshing;
      }
      case 'sign-in-again':
        return expire();
      default:
        return state.kind === 'signing-in' && state.waitingFor !== undefined
          ? waitForSignIn()
          : Promise.reject(new SessionEndedError('not-signed-in', SESSION_WORDS.notSignedIn));
    }
  }

  async function runSignIn(controller: AbortController): Promise<Result<SessionView, SignInError>> {
    const previous = state.kind === 'sign-in-again' ? state.person : undefined;
    const before = state;
    change({ kind: 'signing-in', url: undefined, waitingFor: previous });
    const answer = await flow.start({
      signal: controller.signal,
      onUrl: (url) => {
        if (state.kind === 'signing-in') {
          change({ kind: 'signing-in', url, waitingFor: previous });
        }
      },
    });
    if (state.kind !== 'signing-in') {
      // Signed out (or the wait ran out) while the browser was open: the session stays as that left it.
      return { ok: false, error: { code: 'sign-in-cancelled', message: SESSION_WORDS.signInStopped } };
    }
    if (!answer.ok) {
      // A failed or cancelled sign-in leaves the session as it was: a waiting job keeps waiting until its time is up.
      change(before.kind === 'signing-in' ? { kind: 'signed-out', reason: 'never' } : before);
      return answer;
    }
    const entered = enter(answer.value, previous);
    if (!entered.ok) {
      change(previous === undefined ? { kind: 'signed-out', reason: 'never' } : before);
    }
    return entered;
  }

  return {
    view,
    person: () => (state.kind === 'signed-in' || state.kind === 'sign-in-again' ? state.person : state.kind === 'signing-in' ? state.waitingFor : undefined),
    signIn() {
      if (signingIn === undefined) {
        const controller = new AbortController();
        const done = runSignIn(controller).finally(() => {
          signingIn = undefined;
        });
        signingIn = { controller, done };
      }
      return signingIn.done;
    },
    cancelSignIn() {
      signingIn?.controller.abort();
    },
    chooseRole(personRoleId) {
      if (state.kind !== 'choose-role') {
        return { ok: false, error: { code: 'not-signed-in', message: SESSION_WORDS.notSignedIn } };
      }
      const role = state.roles.find((option) => option.personRoleId === personRoleId);
      if (role === undefined) {
        return { ok: false, error: { code: 'no-recognised-role', message: SESSION_WORDS.chooseListedRole } };
      }
      lastActivity = now();
      return { ok: true, value: signedIn(state.tokens, { id: state.id, name: state.name, role, sessionId: randomUUID() }) };
    },
    signOut,
    activity() {
      lastActivity = now();
    },
    checkIdle() {
      const active = state.kind === 'signed-in' || state.kind === 'choose-role';
      if (active && holds === 0 && now() - lastActivity >= config.idleTimeoutMs) {
        signOut('idle');
      }
    },
    holdOpen() {
      holds += 1;
      let released = false;
      return () => {
        if (!released) {
          released = true;
          holds -= 1;
          lastActivity = now();
        }
      };
    },
    idToken: currentToken,
    async restore() {
      const saved = await vault?.load();
      if (saved === undefined || state.kind !== 'signed-out' || now() - saved.lastActiveAt >= config.idleTimeoutMs) {
        await vault?.clear();
        return;
      }
      const answer = await flow.refresh(saved.refreshToken);
      if (!answer.ok || stateNow().kind !== 'signed-out') {
        await vault?.clear();
        return;
      }
      enter(answer.value, undefined);
      const entered = stateNow();
      const role = entered.kind === 'choose-role' ? entered.roles.find((option) => option.personRoleId === saved.personRoleId) : undefined;
      if (entered.kind === 'choose-role' && role !== undefined) {
        signedIn(entered.tokens, { id: entered.id, name: entered.name, role, sessionId: randomUUID() });
      }
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
