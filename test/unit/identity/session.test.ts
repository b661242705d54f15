// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionView } from '../../../common/identity.js';
import { SessionEndedError } from '../../../main/identity/session-ended.js';
import { silentLogger } from '../../../main/logging/logger.js';
import {
  ALICE,
  ALICE_ADMIN,
  BOB,
  BOB_CLINICAL,
  BOB_PCSE,
  CAROL_NO_ROLE,
  IDLE_TIMEOUT_MS,
  MINUTE,
  MemoryVault,
  REFRESH_REFUSED,
  REFUSED,
  type SessionRig,
  sessionRig,
  settle,
  stateOf,
  tokensFor,
} from './support/session-fakes.js';

// The session as the person meets it: what the header and sign-in pages show (each view announced, in order), who
// acts, and what a running job gets when it asks for a token. The flow, the vault and the clock are the test's.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;
const REFRESH_MARGIN_MS = 60_000;

const states = (views: ReadonlyArray<SessionView>): string[] => views.map((view) => view.state);

async function rejection(promise: Promise<unknown>): Promise<SessionEndedError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SessionEndedError);
  return error as SessionEndedError;
}

/** Signed in as Alice with a hold, and the session ended under a job: the job's token request is waiting. */
async function jobWaitingToSignInAgain(rig: SessionRig): Promise<{ waiting: Promise<string>; release: () => void; sessionId: string }> {
  await rig.signInAs(ALICE);
  const sessionId = rig.session.person()?.sessionId ?? '';
  const release = rig.session.holdOpen();
  rig.clock.advance(15 * MINUTE);
  const waiting = rig.session.idToken();
  // The test looks at how it ends later; marked handled now so an early end is not reported as unhandled.
  waiting.catch(() => undefined);
  rig.flow.lastRefresh.answer({ ok: false, error: REFRESH_REFUSED });
  await settle();
  return { waiting, release, sessionId };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('signing in', () => {
  it('shows the browser sign-in, then the person in their only role, with a new session id', async () => {
    const { session, flow, views, vault, clock } = sessionRig();
    expect(session.view()).toEqual({ state: 'signed-out', reason: 'never' });

    const signingIn = session.signIn();
    expect(session.view()).toEqual({ state: 'signing-in', url: '' });
    flow.current.onUrl('https://broker.example.nhs.uk/authorize?client_id=document-store-desktop');
    const tokens = tokensFor(ALICE, { now: clock.time });
    flow.current.answer({ ok: true, value: tokens });
    const result = await signingIn;

    expect(states(views)).toEqual(['signing-in', 'signing-in', 'signed-in']);
    expect(views[1]).toEqual({ state: 'signing-in', url: 'https://broker.example.nhs.uk/authorize?client_id=document-store-desktop' });
    expect(result).toEqual({ ok: true, value: views[2] });
    const person = session.person();
    expect(person).toEqual({
      id: '555000000001',
      name: 'Alice Adams',
      role: { personRoleId: 'alice-r1', roleCode: 'GP_ADMIN', roleName: 'GP Practice Administrator', odsCode: 'A81001', orgName: 'Riverside Medical Centre' },
      sessionId: expect.stringMatching(UUID) as string,
    });
    expect(views[2]).toEqual({ state: 'signed-in', person, mayDownload: true });
    expect(vault.saved).toEqual({ refreshToken: tokens.refreshToken, personRoleId: 'alice-r1', lastActiveAt: expect.any(Number) as number });
  });

  it('asks which role when the person has several and none was chosen, and acts in the one chosen', async () => {
    const { session, flow, views, clock } = sessionRig();
    const signingIn = session.signIn();
    flow.current.answer({ ok: true, value: tokensFor(BOB, { now: clock.time }) });
    const result = await signingIn;

    expect(result.ok && result.value).toEqual({
      state: 'choose-role',
      name: 'Bob Brown',
      roles: [
        expect.objectContaining({ personRoleId: 'bob-r1', roleCode: 'GP_CLINICAL' }),
        expect.objectContaining({ personRoleId: 'bob-r2', roleCode: 'PCSE', odsCode: 'X26' }),
      ],
    });
    expect(session.person()).toBeUndefined();
    await expect(session.idToken()).rejects.toMatchObject({ code: 'not-signed-in' });

    expect(session.chooseRole('somebody-elses-role')).toMatchObject({ ok: false, error: { code: 'no-recognised-role' } });
    expect(session.view().state).toBe('choose-role');

    const chosen = session.chooseRole('bob-r1');
    expect(chosen).toMatchObject({ ok: true, value: { state: 'signed-in', mayDownload: false } });
    expect(session.person()).toMatchObject({ id: '555000000002', role: { roleCode: 'GP_CLINICAL', odsCode: 'A81001' } });
    expect(states(views)).toEqual(['signing-in', 'choose-role', 'signed-in']);
  });

  it('goes straight to the role chosen at sign-in (selected_roleid)', async () => {
    const { session, flow, clock } = sessionRig();
    const signingIn = session.signIn();
    flow.current.answer({ ok: true, value: tokensFor({ ...BOB, selected_roleid: BOB_PCSE.person_roleid }, { now: clock.time }) });
    expect(await signingIn).toMatchObject({ ok: true, value: { state: 'signed-in', mayDownload: true } });
    expect(session.person()?.role).toMatchObject({ personRoleId: 'bob-r2', roleCode: 'PCSE' });
  });

  it('refuses a role choice when no choice is being asked for', async () => {
    const rig = sessionRig();
    expect(rig.session.chooseRole('bob-r1')).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
    await rig.signInAs(ALICE);
    expect(rig.session.chooseRole('alice-r1')).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
    expect(rig.session.person()?.name).toBe('Alice Adams');
  });

  it('does not sign in a person with no role this app knows, and keeps nothing for them', async () => {
    const { session, flow, vault, views, clock } = sessionRig();
    const signingIn = session.signIn();
    flow.current.answer({ ok: true, value: tokensFor(CAROL_NO_ROLE, { now: clock.time }) });
    const result = await signingIn;

    expect(result).toMatchObject({ ok: false, error: { code: 'no-recognised-role', message: expect.stringContaining('Registration Authority') as string } });
    expect(session.view()).toEqual({ state: 'signed-out', reason: 'never' });
    expect(states(views)).toEqual(['signing-in', 'signed-out']);
    expect(vault.saved).toBeUndefined();
    expect(vault.clears).toBe(1);
  });

  it('goes back to where it was when the sign-in fails or is cancelled', async () => {
    const { session, flow } = sessionRig();
    const failed = session.signIn();
    flow.current.answer({ ok: false, error: REFUSED });
    expect(await failed).toEqual({ ok: false, error: REFUSED });
    expect(session.view()).toEqual({ state: 'signed-out', reason: 'never' });

    const cancelled = session.signIn();
    session.cancelSignIn();
    expect(flow.current.signal.aborted).toBe(true);
    expect(await cancelled).toMatchObject({ ok: false, error: { code: 'sign-in-cancelled' } });
    expect(session.view()).toEqual({ state: 'signed-out', reason: 'never' });
  });

  it('opens one browser sign-in however often sign-in is pressed', async () => {
    const { session, flow, clock } = sessionRig();
    const first = session.signIn();
    const second = session.signIn();
    expect(flow.starts).toHaveLength(1);
    flow.current.answer({ ok: true, value: tokensFor(ALICE, { now: clock.time }) });
    expect(await second).toEqual(await first);

    session.signOut();
    const third = session.signIn();
    expect(flow.starts).toHaveLength(2);
    session.cancelSignIn();
    await third;
  });

  it('stays signed out when the person signs out while the browser sign-in is open', async () => {
    const { session, flow, views } = sessionRig();
    const signingIn = session.signIn();
    const start = flow.current;
    session.signOut();
    expect(start.signal.aborted).toBe(true);

    expect(await signingIn).toMatchObject({ ok: false, error: { code: 'sign-in-cancelled' } });
    expect(session.view()).toEqual({ state: 'signed-out', reason: 'signed-out' });
    expect(states(views)).toEqual(['signing-in', 'signed-out']);
  });

  it('gives each sign-in its own session id', async () => {
    const rig = sessionRig();
    await rig.signInAs(ALICE);
    const first = rig.session.person()?.sessionId;
    rig.session.signOut();
    await rig.signInAs(ALICE);
    const second = rig.session.person()?.sessionId;
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(second).not.toBe(first);
  });

  it('never writes a token to the log', async () => {
    const lines: string[] = [];
    const logger = { ...silentLogger(), info: (event: string, fields?: object) => lines.push(event + JSON.stringify(fields)) };
    logger.warn = logger.info;
    const rig = sessionRig({ logger });
    const tokens = await rig.signInAs(ALICE, { lifetimeMs: 30_000 });
    const refreshing = rig.session.idToken();
    rig.flow.lastRefresh.answer({ ok: false, error: REFRESH_REFUSED });
    await refreshing.catch(() => undefined);

    expect(lines.join('\n')).toContain('session.signed-in');
    expect(lines.join('\n')).toContain('session.refresh-failed');
    for (const secret of [tokens.idToken, tokens.accessToken, tokens.refreshToken ?? '']) {
      expect(lines.join('\n')).not.toContain(secret);
    }
  });
});

describe('signing out', () => {
  it('forgets the person and the stored token, and a job asking for a token is told nobody is signed in', async () => {
    const rig = sessionRig();
    await rig.signInAs(ALICE);
    expect(rig.session.signOut()).toEqual({ state: 'signed-out', reason: 'signed-out' });

    expect(rig.session.person()).toBeUndefined();
    expect(rig.vault.saved).toBeUndefined();
    const error = await rejection(rig.session.idToken());
    expect(error.code).toBe('not-signed-in');
    expect(states(rig.views)).toEqual(['signing-in', 'signed-in', 'signed-out']);
  });

  it('lets listeners go', async () => {
    const rig = sessionRig();
    const seen: string[] = [];
    const stop = rig.session.onChange((view) => seen.push(view.state));
    await rig.signInAs(ALICE);
    stop();
    rig.session.signOut();
    expect(seen).toEqual(['signing-in', 'signed-in']);
  });
});

describe('the idle time-out', () => {
  it('signs out exactly when the time-out has passed since the last activity', async () => {
    const rig = sessionRig();
    await rig.signInAs(ALICE);
    rig.clock.advance(10 * MINUTE);
    rig.session.activity();

    rig.clock.advance(IDLE_TIMEOUT_MS - 1);
    rig.session.checkIdle();
    expect(rig.session.view().state).toBe('signed-in');

    rig.clock.advance(1);
    rig.session.checkIdle();
    expect(rig.session.view()).toEqual({ state: 'signed-out', reason: 'idle' });
    expect(rig.vault.saved).toBeUndefined();

    const announced = rig.views.length;
    rig.clock.advance(IDLE_TIMEOUT_MS);
    rig.session.checkIdle();
    expect(rig.views).toHaveLength(announced);
  });

  it('signs out a person who leaves the role choice open', async () => {
    const rig = sessionRig();
    const signingIn = rig.session.signIn();
    rig.flow.current.answer({ ok: true, value: tokensFor(BOB, { now: rig.clock.time }) });
    await signingIn;
    rig.clock.advance(IDLE_TIMEOUT_MS);
    rig.session.checkIdle();
    expect(rig.session.view()).toEqual({ state: 'signed-out', reason: 'idle' });
  });

  it('does not sign out while a job holds the session open, and counts from when the job ends', async () => {
    const rig = sessionRig();
    await rig.signInAs(ALICE);
    const release = rig.session.holdOpen();
    rig.clock.advance(3 * IDLE_TIMEOUT_MS);
    rig.session.checkIdle();
    expect(rig.session.view().state).toBe('signed-in');

    release();
    rig.clock.advance(IDLE_TIMEOUT_MS - 1);
    rig.session.checkIdle();
    expect(rig.session.view().state).toBe('signed-in');
    rig.clock.advance(1);
    rig.session.checkIdle();
    expect(rig.session.view()).toEqual({ state: 'signed-out', reason: 'idle' });
  });

  it('keeps the session open until every job has ended, however often one says it has', async () => {
    const rig = sessionRig();
    await rig.signInAs(ALICE);
    const first = rig.session.holdOpen();
    const second = rig.session.holdOpen();
    first();
    first();
    rig.clock.advance(2 * IDLE_TIMEOUT_MS);
    rig.session.checkIdle();
    expect(rig.session.view().state).toBe('signed-in');

    second();
    rig.clock.advance(IDLE_TIMEOUT_MS);
    rig.session.checkIdle();
    expect(rig.session.view()).toEqual({ state: 'signed-out', reason: 'idle' });
  });
});

describe('the ID token', () => {
  it('is given as it is until a minute before it expires, then refreshed once for every caller', async () => {
    const rig = sessionRig();
    const tokens = await rig.signInAs(ALICE, { lifetimeMs: 10 * MINUTE });
    const { sessionId } = rig.session.person() ?? { sessionId: '' };

    rig.clock.time = tokens.expiresAt - REFRESH_MARGIN_MS - 1;
    expect(await rig.session.idToken()).toBe(tokens.idToken);
    expect(rig.flow.refreshes).toHaveLength(0);

    rig.clock.time = tokens.expiresAt - REFRESH_MARGIN_MS;
    const first = rig.session.idToken();
    const second = rig.session.idToken();
    expect(rig.flow.refreshes).toHaveLength(1);
    expect(rig.flow.lastRefresh.refreshToken).toBe(tokens.refreshToken);
    const renewed = tokensFor(ALICE, { now: rig.clock.time });
    rig.flow.lastRefresh.answer({ ok: true, value: renewed });

    expect(await first).toBe(renewed.idToken);
    expect(await second).toBe(renewed.idToken);
    expect(await rig.session.idToken()).toBe(renewed.idToken);
    expect(rig.session.person()?.sessionId).toBe(sessionId);
    expect(rig.vault.saved?.refreshToken).toBe(renewed.refreshToken);
    expect(rig.session.view().state).toBe('signed-in');
  });

  it('signs out when the refresh is refused and no job is running', async () => {
    const rig = sessionRig();
    await rig.signInAs(ALICE, { lifetimeMs: 30_000 });
    const asked = rig.session.idToken();
    rig.flow.lastRefresh.answer({ ok: false, error: REFRESH_REFUSED });

    expect((await rejection(asked)).code).toBe('session-expired');
    expect(rig.session.view()).toEqual({ state: 'signed-out', reason: 'expired' });
    expect(rig.vault.saved).toBeUndefined();
  });

  it('signs out when there is no refresh token and no job is running', async () => {
    const rig = sessionRig();
    const signingIn = rig.session.signIn();
    rig.flow.current.answer({ ok: true, value: tokensFor(ALICE, { now: rig.clock.time, lifetimeMs: 30_000, refreshToken: null }) });
    await signingIn;
    expect(rig.vault.saves).toHaveLength(0);

    expect((await rejection(rig.session.idToken())).code).toBe('session-expired');
    expect(rig.flow.refreshes).toHaveLength(0);
    expect(rig.session.view()).toEqual({ state: 'signed-out', reason: 'expired' });
  });

  it('ends the session when a refresh shows the person no longer has a role this app knows', async () => {
    const rig = sessionRig();
    await rig.signInAs(ALICE, { lifetimeMs: 30_000 });
    const asked = rig.session.idToken();
    rig.flow.lastRefresh.answer({ ok: true, value: tokensFor({ ...ALICE, nhsid_nrbac_roles: [] }, { now: rig.clock.time }) });

    expect((await rejection(asked)).code).toBe('session-expired');
    expect(rig.session.view()).toEqual({ state: 'signed-out', reason: 'expired' });
    expect(rig.vault.saved).toBeUndefined();
  });

  it('is refused when a refresh comes back after a sign-out', async () => {
    const rig = sessionRig();
    await rig.signInAs(ALICE, { lifetimeMs: 30_000 });
    const asked = rig.session.idToken();
    rig.session.signOut();
    rig.flow.lastRefresh.answer({ ok: true, value: tokensFor(ALICE, { now: rig.clock.time }) });

    expect((await rejection(asked)).code).toBe('not-signed-in');
    expect(rig.session.view().state).toBe('signed-out');
  });

  it("never gives a job another person's token when someone else signed in while its refresh was out", async () => {
    const rig = sessionRig();
    await rig.signInAs(ALICE, { lifetimeMs: 30_000 });
    const release = rig.session.holdOpen();
    const asked = rig.session.idToken();
    rig.session.signOut();
    const bobTokens = await rig.signInAs(BOB, { personRoleId: 'bob-r2' });
    rig.flow.refreshes[0]?.answer({ ok: true, value: tokensFor(ALICE, { now: rig.clock.time }) });

    const outcome = await asked.then(
      (token) => token,
      (error: unknown) => error,
    );
    expect(outcome).not.toBe(bobTokens.idToken);
    expect(outcome).toBeInstanceOf(SessionEndedError);
    expect(rig.session.person()?.name).toBe('Bob Brown');
    release();
  });
});

describe('signing in again while a job waits', () => {
  it('asks the person to sign in again, and the job goes on in the same session when they do', async () => {
    const rig = sessionRig();
    const { waiting, sessionId } = await jobWaitingToSignInAgain(rig);
    const alice = rig.session.person();
    expect(rig.session.view()).toEqual({ state: 'sign-in-again', person: alice });
    expect(await stateOf(waiting)).toBe('pending');

    const again = rig.session.signIn();
    rig.flow.current.onUrl('https://broker.example.nhs.uk/authorize');
    const renewed = tokensFor(ALICE, { now: rig.clock.time });
    rig.flow.current.answer({ ok: true, value: renewed });
    await again;

    expect(await waiting).toBe(renewed.idToken);
    expect(rig.session.person()).toEqual(alice);
    expect(rig.session.person()?.sessionId).toBe(sessionId);
    expect(states(rig.views)).toEqual(['signing-in', 'signed-in', 'sign-in-again', 'signing-in', 'signing-in', 'signed-in']);
  });

  it('keeps the role the job ran in, even when the person has several', async () => {
    const rig = sessionRig();
    await rig.signInAs(BOB, { personRoleId: 'bob-r2' });
    const release = rig.session.holdOpen();
    rig.clock.advance(15 * MINUTE);
    const waiting = rig.session.idToken();
    rig.flow.lastRefresh.answer({ ok: false, error: REFRESH_REFUSED });
    await settle();

    const again = rig.session.signIn();
    const renewed = tokensFor(BOB, { now: rig.clock.time });
    rig.flow.current.answer({ ok: true, value: renewed });
    expect(await again).toMatchObject({ ok: true, value: { state: 'signed-in', person: { role: { personRoleId: 'bob-r2' } } } });
    expect(await waiting).toBe(renewed.idToken);
    release();
  });

  it('keeps the job waiting while the person signs in in the browser, however often it asks', async () => {
    const rig = sessionRig();
    const { waiting } = await jobWaitingToSignInAgain(rig);
    const again = rig.session.signIn();
    expect(rig.session.view().state).toBe('signing-in');
    expect(rig.session.person()?.name).toBe('Alice Adams');
    const askedMeanwhile = rig.session.idToken();
    expect(await stateOf(askedMeanwhile)).toBe('pending');

    const renewed = tokensFor(ALICE, { now: rig.clock.time });
    rig.flow.current.answer({ ok: true, value: renewed });
    await again;
    expect(await waiting).toBe(renewed.idToken);
    expect(await askedMeanwhile).toBe(renewed.idToken);
  });

  it('keeps the job waiting when the new sign-in is cancelled or fails', async () => {
    const rig = sessionRig();
    const { waiting } = await jobWaitingToSignInAgain(rig);

    const cancelled = rig.session.signIn();
    rig.session.cancelSignIn();
    await cancelled;
    expect(rig.session.view().state).toBe('sign-in-again');
    const failed = rig.session.signIn();
    rig.flow.current.answer({ ok: false, error: REFUSED });
    await failed;
    expect(rig.session.view().state).toBe('sign-in-again');
    expect(await stateOf(waiting)).toBe('pending');
    // A token asked for now waits with the job rather than ending it.
    expect(await stateOf(rig.session.idToken())).toBe('pending');

    const renewed = tokensFor(ALICE, { now: rig.clock.time });
    const again = rig.session.signIn();
    rig.flow.current.answer({ ok: true, value: renewed });
    await again;
    expect(await waiting).toBe(renewed.idToken);
  });

  it('ends the waiting job when a different person signs in, who gets a session of their own', async () => {
    const rig = sessionRig();
    const { waiting, sessionId } = await jobWaitingToSignInAgain(rig);

    const bobTokens = await rig.signInAs(BOB, { personRoleId: 'bob-r1' });
    const error = await rejection(waiting);
    expect(error.code).toBe('session-expired');
    expect(error.message).toContain('different person');
    expect(rig.session.person()).toMatchObject({ name: 'Bob Brown', role: { personRoleId: BOB_CLINICAL.person_roleid } });
    expect(rig.session.person()?.sessionId).not.toBe(sessionId);
    expect(await rig.session.idToken()).toBe(bobTokens.idToken);
  });

  it('ends the waiting job for anyone else, even one whose role has the same id', async () => {
    const rig = sessionRig();
    const { waiting, sessionId } = await jobWaitingToSignInAgain(rig);
    const impostor = { nhsid_useruid: '555000000009', name: 'Dan Dawson', nhsid_nrbac_roles: [ALICE_ADMIN] };
    await rig.signInAs(impostor);

    expect((await rejection(waiting)).code).toBe('session-expired');
    expect(rig.session.person()).toMatchObject({ id: '555000000009', name: 'Dan Dawson' });
    expect(rig.session.person()?.sessionId).not.toBe(sessionId);
  });

  it('ends the waiting job when the person signs in again without the role it ran in', async () => {
    const rig = sessionRig();
    await rig.signInAs(BOB, { personRoleId: 'bob-r2' });
    rig.session.holdOpen();
    rig.clock.advance(15 * MINUTE);
    const waiting = rig.session.idToken();
    rig.flow.lastRefresh.answer({ ok: false, error: REFRESH_REFUSED });
    await settle();

    const again = rig.session.signIn();
    rig.flow.current.answer({ ok: true, value: tokensFor({ ...BOB, nhsid_nrbac_roles: [BOB_CLINICAL] }, { now: rig.clock.time }) });
    await again;
    expect((await rejection(waiting)).code).toBe('session-expired');
    expect(rig.session.person()?.role.personRoleId).toBe('bob-r1');
  });

  it('ends the waiting job when the person signs out instead', async () => {
    const rig = sessionRig();
    const { waiting } = await jobWaitingToSignInAgain(rig);
    rig.session.signOut();
    expect((await rejection(waiting)).code).toBe('not-signed-in');
    expect(rig.session.view()).toEqual({ state: 'signed-out', reason: 'signed-out' });
  });

  it('ends the waiting job when the wait time passes, and not before', async () => {
    vi.useFakeTimers();
    const rig = sessionRig({ signInAgainWaitMs: 5 * MINUTE });
    const { waiting } = await jobWaitingToSignInAgain(rig);

    await vi.advanceTimersByTimeAsync(5 * MINUTE - 1);
    expect(await stateOf(waiting)).toBe('pending');
    expect(rig.session.view().state).toBe('sign-in-again');

    await vi.advanceTimersByTimeAsync(1);
    const error = await rejection(waiting);
    expect(error.code).toBe('session-expired');
    expect(error.message).toContain('Nothing from it was saved');
    expect(rig.session.view()).toEqual({ state: 'signed-out', reason: 'expired' });
  });

  it('neither repeats the prompt nor restarts the wait when the job asks again', async () => {
    vi.useFakeTimers();
    const rig = sessionRig({ signInAgainWaitMs: 5 * MINUTE });
    const { waiting } = await jobWaitingToSignInAgain(rig);
    const announced = rig.views.length;
    await vi.advanceTimersByTimeAsync(3 * MINUTE);
    const askedAgain = rig.session.idToken();
    askedAgain.catch(() => undefined);
    expect(rig.views).toHaveLength(announced);

    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect((await rejection(waiting)).code).toBe('session-expired');
    expect((await rejection(askedAgain)).code).toBe('session-expired');
    expect(rig.session.view()).toEqual({ state: 'signed-out', reason: 'expired' });
  });

  it('stays signed out when the wait time passes while the browser sign-in is open', async () => {
    vi.useFakeTimers();
    const rig = sessionRig({ signInAgainWaitMs: 5 * MINUTE });
    const { waiting } = await jobWaitingToSignInAgain(rig);
    const again = rig.session.signIn();
    await vi.advanceTimersByTimeAsync(5 * MINUTE);

    expect((await rejection(waiting)).code).toBe('session-expired');
    expect(await again).toMatchObject({ ok: false, error: { code: 'sign-in-cancelled' } });
    expect(rig.session.view()).toEqual({ state: 'signed-out', reason: 'expired' });
    expect(rig.session.person()).toBeUndefined();
  });

  it('stops the wait timer once the person is back, so the session is not ended later', async () => {
    vi.useFakeTimers();
    const rig = sessionRig({ signInAgainWaitMs: 5 * MINUTE });
    const { waiting } = await jobWaitingToSignInAgain(rig);
    const again = rig.session.signIn();
    rig.flow.current.answer({ ok: true, value: tokensFor(ALICE, { now: rig.clock.time }) });
    await again;
    await waiting;

    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(rig.session.view().state).toBe('signed-in');
  });

  it('signs out rather than waiting when the job has already ended', async () => {
    const rig = sessionRig();
    const { waiting, release } = await jobWaitingToSignInAgain(rig);
    release();
    expect((await rejection(rig.session.idToken())).code).toBe('session-expired');
    expect((await rejection(waiting)).code).toBe('session-expired');
    expect(rig.session.view()).toEqual({ state: 'signed-out', reason: 'expired' });
  });
});

describe('restoring the last session', () => {
  async function restoredRig(saved: { readonly idleFor: number; readonly personRoleId?: string }) {
    const vault = new MemoryVault();
    const rig = sessionRig({ vault });
    vault.saved = { refreshToken: 'stored-refresh-token', personRoleId: saved.personRoleId ?? 'alice-r1', lastActiveAt: rig.clock.time - saved.idleFor };
    const restoring = rig.session.restore();
    await settle();
    return { rig, restoring };
  }

  it('signs the person back in, in the role they acted in, when they were active within the time-out', async () => {
    const { rig, restoring } = await restoredRig({ idleFor: IDLE_TIMEOUT_MS - 1, personRoleId: 'bob-r2' });
    expect(rig.flow.lastRefresh.refreshToken).toBe('stored-refresh-token');
    const renewed = tokensFor(BOB, { now: rig.clock.time });
    rig.flow.lastRefresh.answer({ ok: true, value: renewed });
    await restoring;

    expect(rig.session.view()).toMatchObject({ state: 'signed-in', person: { name: 'Bob Brown', role: { personRoleId: 'bob-r2', roleCode: 'PCSE' } } });
    expect(rig.session.person()?.sessionId).toMatch(UUID);
    expect(await rig.session.idToken()).toBe(renewed.idToken);
    expect(rig.vault.saved).toMatchObject({ refreshToken: renewed.refreshToken, personRoleId: 'bob-r2', lastActiveAt: rig.clock.time });
  });

  it('does not restore a session idle for the whole time-out, and forgets its token', async () => {
    const { rig, restoring } = await restoredRig({ idleFor: IDLE_TIMEOUT_MS });
    await restoring;
    expect(rig.flow.refreshes).toHaveLength(0);
    expect(rig.vault.saved).toBeUndefined();
    expect(rig.session.view()).toEqual({ state: 'signed-out', reason: 'never' });
    expect(rig.views).toEqual([]);
  });

  it('forgets the stored token when the provider refuses it', async () => {
    const { rig, restoring } = await restoredRig({ idleFor: MINUTE });
    rig.flow.lastRefresh.answer({ ok: false, error: REFRESH_REFUSED });
    await restoring;
    expect(rig.vault.saved).toBeUndefined();
    expect(rig.session.view()).toEqual({ state: 'signed-out', reason: 'never' });
  });

  it('asks for the role when the one stored is no longer the person’s', async () => {
    const { rig, restoring } = await restoredRig({ idleFor: MINUTE, personRoleId: 'a-role-since-removed' });
    rig.flow.lastRefresh.answer({ ok: true, value: tokensFor(BOB, { now: rig.clock.time }) });
    await restoring;
    expect(rig.session.view()).toMatchObject({ state: 'choose-role', name: 'Bob Brown' });
  });

  it('leaves alone a sign-in the person started while the stored one was being renewed', async () => {
    const { rig, restoring } = await restoredRig({ idleFor: MINUTE });
    const signingIn = rig.session.signIn();
    rig.flow.lastRefresh.answer({ ok: true, value: tokensFor(ALICE, { now: rig.clock.time }) });
    await restoring;
    expect(rig.session.view().state).toBe('signing-in');
    rig.flow.current.answer({ ok: true, value: tokensFor(BOB, { now: rig.clock.time }) });
    await signingIn;
    expect(rig.session.view()).toMatchObject({ state: 'choose-role', name: 'Bob Brown' });
  });

  it('leaves a session already signed in as it is, asking the provider nothing', async () => {
    const rig = sessionRig();
    await rig.signInAs(ALICE);
    const alice = rig.session.person();
    await rig.session.restore();
    expect(rig.flow.refreshes).toHaveLength(0);
    expect(rig.session.person()).toEqual(alice);
  });

  it('does nothing when nothing is stored', async () => {
    const rig = sessionRig();
    await rig.session.restore();
    expect(rig.flow.refreshes).toHaveLength(0);
    expect(rig.session.view()).toEqual({ state: 'signed-out', reason: 'never' });
  });
});
