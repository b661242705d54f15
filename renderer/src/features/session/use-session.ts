/**
 * The session as the window follows it: read from main at start, kept up to date by main's change events and by
 * the answers to this window's own requests (sign in, choose a role, sign out).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DocumentStoreApi } from '../../../../common/contract.js';
import type { SessionView, SignedInPerson } from '../../../../common/identity.js';
import type { ErrorPayload, Result } from '../../../../common/result.js';
import { settle } from '../../shared/document-store.js';

export type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly view: SessionView }
  /** main could not say whether anyone is signed in. */
  | { readonly status: 'failed'; readonly error: ErrorPayload };

export interface SessionActions {
  readonly signIn: () => void;
  readonly cancelSignIn: () => void;
  readonly chooseRole: (personRoleId: string) => void;
  readonly signOut: () => void;
  /** Reads the session again, after main could not say. */
  readonly reload: () => void;
}

/** The person last signed in and what the session let them do; kept while they are asked to sign in again. */
export interface LastSignedIn {
  readonly person: SignedInPerson;
  readonly mayDownload: boolean;
}

export interface Session {
  readonly session: SessionState;
  /** Null once signed out; set from the first signed-in state on, through "sign in again" and its sign-in. */
  readonly lastSignedIn: LastSignedIn | null;
  /** Why the last sign-in or role choice failed, in main's words; null when it did not (or was cancelled). */
  readonly problem: ErrorPayload | null;
  /** A sign-in was asked for and main has not yet said that the browser is open. */
  readonly starting: boolean;
  readonly actions: SessionActions;
}

/**
 * Follows the session. Change events are subscribed before the first read, and a read that an event overtook is
 * dropped, so the window never goes back to an older state than main's latest.
 */
export function useSession(api: DocumentStoreApi): Session {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });
  const [problem, setProblem] = useState<ErrorPayload | null>(null);
  const [starting, setStarting] = useState(false);
  const [lastSignedIn, setLastSignedIn] = useState<LastSignedIn | null>(null);
  /** Counts the states shown, so a read answered after a newer state arrived is dropped. */
  const shown = useRef(0);

  const show = useCallback((view: SessionView) => {
    shown.current += 1;
    setSession({ status: 'ready', view });
    if (view.state !== 'signed-out' && view.state !== 'sign-in-again') {
      setStarting(false);
    }
    if (view.state === 'signed-in') {
      setProblem(null);
      setLastSignedIn({ person: view.person, mayDownload: view.mayDownload });
    } else if (view.state === 'signed-out') {
      setLastSignedIn(null);
    }
  }, []);

  /** Shows what a read of the session answered, unless a newer state arrived since it was asked (`before`). */
  const showRead = useCallback(
    (result: Result<SessionView>, before: number) => {
      if (shown.current !== before) {
        return;
      }
      if (result.ok) {
        show(result.value);
      } else {
        setSession({ status: 'failed', error: result.error });
      }
    },
    [show],
  );

  const read = useCallback(async () => {
    const before = shown.current;
    showRead(await settle(api.session.get()), before);
  }, [api, showRead]);

  useEffect(() => {
    const unsubscribe = api.session.onChanged(show);
    const before = shown.current;
    void settle(api.session.get()).then((result) => showRead(result, before));
    return unsubscribe;
  }, [api, show, showRead]);

  /** Shows the state a request of ours ended in; after a failure, main's state is read again. */
  const settleRequest = useCallback(
    (result: Result<SessionView>) => {
      if (result.ok) {
        show(result.value);
        return;
      }
      // Cancelling is the user's own choice: back to where they were, quietly.
      setProblem(result.error.code === 'sign-in-cancelled' ? null : result.error);
      void read();
    },
    [read, show],
  );

  const signIn = useCallback(() => {
    setProblem(null);
    setStarting(true);
    void settle(api.session.signIn()).then((result) => {
      setStarting(false);
      settleRequest(result);
    });
  }, [api, settleRequest]);

  const cancelSignIn = useCallback(() => {
    void settle(api.session.cancelSignIn()).then(() => read());
  }, [api, read]);

  const chooseRole = useCallback(
    (personRoleId: string) => {
      setProblem(null);
      void settle(api.session.chooseRole(personRoleId)).then(settleRequest);
    },
    [api, settleRequest],
  );

  const signOut = useCallback(() => {
    setProblem(null);
    void settle(api.session.signOut()).then(settleRequest);
  }, [api, settleRequest]);

  const reload = useCallback(() => {
    setSession({ status: 'loading' });
    void read();
  }, [read]);

  const actions = useMemo(() => ({ signIn, cancelSignIn, chooseRole, signOut, reload }), [signIn, cancelSignIn, chooseRole, signOut, reload]);
  return { session, lastSignedIn, problem, starting, actions };
}
