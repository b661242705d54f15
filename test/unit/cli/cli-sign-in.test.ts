// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCliSignIn, describePerson, NOT_SIGNED_IN, settleRole, signInToAct } from '../../../main/cli/cli-sign-in.js';
import { EXIT, type Opened } from '../../../main/cli/command.js';
import { keepSession } from '../../../main/cli/kept-session.js';
import type { IdentityConfig } from '../../../main/config/identity-config.js';
import { createSession, type Session } from '../../../main/identity/session.js';
import type { SignInFlow, SignInTokens } from '../../../main/identity/sign-in-flow.js';
import type { AppServices } from '../../../main/services.js';
import type { Backend } from '../../../main/setup/backend.js';
import { tempFolder } from '../archive/archive-fixtures.js';
import { ALICE, BOB, MINUTE, SIGN_IN_CONFIG, tokensFor } from '../identity/support/session-fakes.js';
import { captureIo } from './support/cli-io.js';

/** A flow that answers every start with `tokens` at once, counting the starts; it never refreshes. */
function answeringFlow(tokens: () => SignInTokens | undefined): SignInFlow & { starts: number } {
  const flow = {
    starts: 0,
    start() {
      flow.starts += 1;
      const given = tokens();
      return Promise.resolve(given === undefined ? { ok: false as const, error: { code: 'sign-in-cancelled' as const, message: 'No tokens.' } } : { ok: true as const, value: given });
    },
    refresh: () => Promise.resolve({ ok: false as const, error: { code: 'session-expired' as const, message: 'Ended.' } }),
  };
  return flow;
}

describe('the CLI sign-in front', () => {
  it('prints the sign-in address on stderr and tries the system browser', () => {
    const { io, stderr, stdout } = captureIo();
    const opened: string[] = [];
    const signIn = createCliSignIn(io, (url) => opened.push(url));
    void signIn.front.openBrowser('http://127.0.0.1:5000/auth?client_id=x');
    expect(stderr()).toBe('Open this address in your browser to sign in: http://127.0.0.1:5000/auth?client_id=x\n');
    expect(stdout()).toBe('');
    expect(opened).toEqual(['http://127.0.0.1:5000/auth?client_id=x']);
  });

  it('offers the session only the kept tokens it was given', async () => {
    const signIn = createCliSignIn(captureIo().io, () => undefined);
    await expect(signIn.front.keptTokens?.('/data')).resolves.toBeUndefined();
    const tokens = tokensFor(ALICE, { now: Date.now() });
    signIn.offer(tokens);
    await expect(signIn.front.keptTokens?.('/data')).resolves.toBe(tokens);
  });

  it('hands login the tokens of a new sign-in, never the kept ones it offered', () => {
    const signIn = createCliSignIn(captureIo().io, () => undefined);
    signIn.offer(tokensFor(ALICE, { now: Date.now() }));
    expect(signIn.newTokens()).toBeUndefined();
    const tokens = tokensFor(BOB, { now: Date.now() });
    signIn.front.onSignedIn?.(tokens);
    expect(signIn.newTokens()).toBe(tokens);
  });
});

describe('choosing the role', () => {
  async function signedIn(claims: Readonly<Record<string, unknown>>): Promise<{ session: Session; view: Awaited<ReturnType<Session['signIn']>> }> {
    const tokens = tokensFor(claims, { now: Date.now() });
    const session = createSession({ config: SIGN_IN_CONFIG, flow: answeringFlow(() => tokens) });
    return { session, view: await session.signIn() };
  }

  it('lists the roles and exits 2 asking for --role when the person has several and none is named', async () => {
    const { session, view } = await signedIn(BOB);
    const { io, stderr } = captureIo();
    const settled = settleRole(session, view.ok ? view.value : { state: 'signed-out', reason: 'never' }, { role: undefined }, io);
    expect(settled).toEqual({ ok: false, exit: EXIT.invalidInput });
    expect(stderr()).toContain('Bob Brown, you have more than one role. Choose one with --role <person_roleid>:');
    expect(stderr()).toMatch(/bob-r1 {2}GP practice clinician {9}Riverside Medical Centre \(A81001\)/);
    expect(stderr()).toMatch(/bob-r2 {2}Primary Care Support England {2}PCSE \(X26\)/);
  });

  it('takes the role named, or else the one kept at login', async () => {
    for (const [role, keptRole] of [['bob-r2', undefined], [undefined, 'bob-r2'], ['bob-r2', 'bob-r1']] as const) {
      const { session, view } = await signedIn(BOB);
      const settled = settleRole(session, view.ok ? view.value : { state: 'signed-out', reason: 'never' }, { role, keptRole }, captureIo().io);
      expect(settled.ok && settled.person.role.roleCode).toBe('PCSE');
    }
  });

  it('exits 2 for a role the person does not hold, listing theirs', async () => {
    const several = await signedIn(BOB);
    const first = captureIo();
    expect(settleRole(several.session, several.view.ok ? several.view.value : { state: 'signed-out', reason: 'never' }, { role: 'alice-r1' }, first.io)).toEqual({
      ok: false,
      exit: EXIT.invalidInput,
    });
    expect(first.stderr()).toContain('"alice-r1" is not one of your roles.');

    const one = await signedIn(ALICE);
    const second = captureIo();
    expect(settleRole(one.session, one.view.ok ? one.view.value : { state: 'signed-out', reason: 'never' }, { role: 'bob-r1' }, second.io)).toMatchObject({ ok: false, exit: 2 });
    expect(second.stderr()).toContain('"bob-r1" is not one of your roles. You have one: alice-r1');
  });

  it('describes the person as name, role and organisation', async () => {
    const { session, view } = await signedIn(ALICE);
    const settled = settleRole(session, view.ok ? view.value : { state: 'signed-out', reason: 'never' }, { role: undefined }, captureIo().io);
    expect(settled.ok && describePerson(settled.person)).toBe('Alice Adams, GP practice administrator at Riverside Medical Centre (A81001)');
  });
});

describe('signing in before a command acts', () => {
  let dataDir: Awaited<ReturnType<typeof tempFolder>>;

  beforeEach(async () => {
    dataDir = await tempFolder('cli-sign-in');
  });
  afterEach(() => dataDir.remove());

  /** What a command gets once the backend is open: a session on `flow` that takes up what the CLI offers. */
  function opened(identity: Partial<IdentityConfig>, now: () => number = Date.now): { opened: Opened; flow: ReturnType<typeof answeringFlow> } {
    const { io } = captureIo();
    const signIn = createCliSignIn(io, () => undefined);
    let offered: SignInTokens | undefined;
    const flow = answeringFlow(() => offered);
    const original = signIn.offer.bind(signIn);
    signIn.offer = (tokens) => {
      offered = tokens;
      original(tokens);
    };
    const session = createSession({ config: SIGN_IN_CONFIG, flow, now });
    const backend = { session, config: { dataDir: dataDir.path, identity: { signIn: SIGN_IN_CONFIG, ...identity } } } as unknown as Backend;
    return { opened: { backend, services: {} as AppServices, signIn }, flow };
  }

  it('exits 4 saying how to sign in when nothing was kept and no sandbox person is set, without starting a sign-in', async () => {
    const { opened: given, flow } = opened({});
    const { io, stderr } = captureIo();
    expect(await signInToAct(given, io, undefined)).toEqual({ ok: false, exit: EXIT.notSignedIn });
    expect(stderr()).toBe(`${NOT_SIGNED_IN}\n`);
    expect(flow.starts).toBe(0);
  });

  it('acts as the person login kept, in the role kept', async () => {
    const tokens = tokensFor(BOB, { now: Date.now(), lifetimeMs: 30 * MINUTE });
    await keepSession(dataDir.path, { issuer: SIGN_IN_CONFIG.issuer, clientId: SIGN_IN_CONFIG.clientId, tokens, personRoleId: 'bob-r2' });
    const { opened: given } = opened({});
    const acting = await signInToAct(given, captureIo().io, undefined);
    expect(acting.ok && { id: acting.person.id, role: acting.person.role.personRoleId }).toEqual({ id: '555000000002', role: 'bob-r2' });
  });

  it('ends a job at once when the kept sign-in runs out (nobody is at a browser to renew it)', async () => {
    const tokens = tokensFor(ALICE, { now: Date.now(), lifetimeMs: 30 * MINUTE });
    await keepSession(dataDir.path, { issuer: SIGN_IN_CONFIG.issuer, clientId: SIGN_IN_CONFIG.clientId, tokens, personRoleId: 'alice-r1' });
    let time = Date.now();
    const { opened: given } = opened({}, () => time);
    const acting = await signInToAct(given, captureIo().io, undefined);
    expect(acting.ok).toBe(true);
    const session = given.backend.session;
    const release = session?.holdOpen();
    time = tokens.expiresAt + MINUTE;

    const token = session?.idToken();
    await expect(token).rejects.toMatchObject({ code: 'session-expired' });
    expect(session?.view()).toEqual({ state: 'signed-out', reason: 'expired' });
    release?.();
  });

  it('signs in as the sandbox person without a kept sign-in', async () => {
    const { opened: given, flow } = opened({ sandboxUser: '555000000001' });
    // The backend's own flow signs the sandbox person in; here the test's flow stands for it.
    given.signIn.offer = () => undefined;
    const tokens = tokensFor(ALICE, { now: Date.now() });
    flow.start = () => Promise.resolve({ ok: true, value: tokens });
    const acting = await signInToAct(given, captureIo().io, undefined);
    expect(acting.ok && acting.person.name).toBe('Alice Adams');
  });

  it('signs the sandbox person in again when their sign-in runs out during a job, and the job goes on', async () => {
    let time = Date.now();
    const { opened: given, flow } = opened({ sandboxUser: '555000000001' }, () => time);
    let latest = tokensFor(ALICE, { now: time, lifetimeMs: 10 * MINUTE });
    flow.start = () => Promise.resolve({ ok: true, value: latest });
    const acting = await signInToAct(given, captureIo().io, undefined);
    expect(acting.ok).toBe(true);
    const session = given.backend.session;
    const release = session?.holdOpen();
    time += 11 * MINUTE;
    latest = tokensFor(ALICE, { now: time, lifetimeMs: 10 * MINUTE });

    await expect(session?.idToken()).resolves.toBe(latest.idToken);
    expect(session?.view().state).toBe('signed-in');
    release?.();
  });
});
