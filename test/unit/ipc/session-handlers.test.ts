// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../common/identity.js';
import type { PatientLookup } from '../../../common/patient.js';
import type { Result } from '../../../common/result.js';
import { NOT_CONFIGURED } from '../../../main/identity/access-gate.js';
import type { Emit } from '../../../main/ipc/handlers.js';
import { forwardSessionChanges, sessionHandlers } from '../../../main/ipc/session-handlers.js';
import { ALICE, BOB, IDLE_TIMEOUT_MS, sessionRig, tokensFor } from '../identity/support/session-fakes.js';
import { fakeServices } from '../../support/ipc-fakes.js';

// The session channels as the renderer calls them (after the sender check and payload parsing, which the generic
// handler table does): each answers with the view the sign-in pages and header show, and never with a token.

const LOOKUP: PatientLookup = {
  patient: {
    nhsNumber: '9990000018',
    name: 'Jane SMITH',
    givenName: 'Jane',
    familyName: 'Smith',
    birthDate: '1980-01-01',
    gender: 'female',
    gp: { odsCode: 'A81001', name: 'Riverside Medical Centre' },
    status: 'active',
    deceasedDate: null,
    restricted: false,
    address: null,
    postcode: null,
  },
  access: { maySearch: true, mayDownload: true },
};

function recordingEmit(): { emit: Emit; events: Array<{ channel: string; event: unknown }> } {
  const events: Array<{ channel: string; event: unknown }> = [];
  return { emit: (channel, event) => events.push({ channel, event }), events };
}

const NONE = undefined as never;

function setUp() {
  const rig = sessionRig();
  const services = fakeServices({ lookUpPatient: (): Promise<Result<PatientLookup>> => Promise.resolve({ ok: true, value: LOOKUP }) });
  const { emit, events } = recordingEmit();
  return { rig, services, emit, events, handlers: sessionHandlers(rig.session, services) };
}

describe('sessionHandlers with sign-in configured', () => {
  it('signs in through the browser and answers with the signed-in view', async () => {
    const { rig, handlers, emit } = setUp();
    expect(await handlers['session:get'](NONE, emit)).toEqual({ ok: true, value: { state: 'signed-out', reason: 'never' } });

    const signingIn = handlers['session:sign-in'](NONE, emit);
    expect(await handlers['session:get'](NONE, emit)).toEqual({ ok: true, value: { state: 'signing-in', url: '' } });
    rig.flow.current.answer({ ok: true, value: tokensFor(ALICE, { now: rig.clock.time }) });

    const answer = await signingIn;
    expect(answer).toMatchObject({ ok: true, value: { state: 'signed-in', mayDownload: true, person: { name: 'Alice Adams', role: { roleCode: 'GP_ADMIN' } } } });
    expect(await handlers['session:get'](NONE, emit)).toEqual(answer);
  });

  it('offers the role choice and acts in the role chosen', async () => {
    const { rig, handlers, emit } = setUp();
    const signingIn = handlers['session:sign-in'](NONE, emit);
    rig.flow.current.answer({ ok: true, value: tokensFor(BOB, { now: rig.clock.time }) });
    expect(await signingIn).toMatchObject({ ok: true, value: { state: 'choose-role', name: 'Bob Brown' } });

    expect(await handlers['session:choose-role']({ personRoleId: 'no-such-role' }, emit)).toMatchObject({ ok: false, error: { code: 'no-recognised-role' } });
    expect(await handlers['session:choose-role']({ personRoleId: 'bob-r1' }, emit)).toMatchObject({
      ok: true,
      value: { state: 'signed-in', mayDownload: false, person: { role: { roleCode: 'GP_CLINICAL' } } },
    });
  });

  it('cancels the browser sign-in', async () => {
    const { rig, handlers, emit } = setUp();
    const signingIn = handlers['session:sign-in'](NONE, emit);
    expect(await handlers['session:cancel-sign-in'](NONE, emit)).toEqual({ ok: true, value: null });
    expect(rig.flow.current.signal.aborted).toBe(true);
    expect(await signingIn).toMatchObject({ ok: false, error: { code: 'sign-in-cancelled' } });
  });

  it('signs out', async () => {
    const { rig, handlers, emit } = setUp();
    await rig.signInAs(ALICE);
    expect(await handlers['session:sign-out'](NONE, emit)).toEqual({ ok: true, value: { state: 'signed-out', reason: 'signed-out' } });
    expect(rig.session.person()).toBeUndefined();
  });

  it('starts the idle time-out again when the person uses the window', async () => {
    const { rig, handlers, emit } = setUp();
    await rig.signInAs(ALICE);
    rig.clock.advance(IDLE_TIMEOUT_MS - 1);
    expect(await handlers['session:activity'](NONE, emit)).toEqual({ ok: true, value: null });
    rig.clock.advance(IDLE_TIMEOUT_MS - 1);
    rig.session.checkIdle();
    expect(rig.session.view().state).toBe('signed-in');
  });

  it('looks the patient up through the services, which decide and audit', async () => {
    const { handlers, emit, services } = setUp();
    expect(await handlers['patients:look-up']({ nhsNumber: '9990000018' }, emit)).toEqual({ ok: true, value: LOOKUP });
    expect(services.lookUpPatient).toHaveBeenCalledWith('9990000018');
  });
});

describe('sessionHandlers without sign-in configured', () => {
  it('shows nobody signed in and says what IT must set up', async () => {
    const services = fakeServices({ lookUpPatient: () => Promise.resolve({ ok: false, error: { code: 'sign-in-not-configured', message: NOT_CONFIGURED } }) });
    const { emit, events } = recordingEmit();
    const handlers = sessionHandlers(undefined, services);
    const never = { ok: true, value: { state: 'signed-out', reason: 'never' } };

    expect(await handlers['session:get'](NONE, emit)).toEqual(never);
    expect(await handlers['session:sign-in'](NONE, emit)).toEqual({ ok: false, error: { code: 'sign-in-not-configured', message: NOT_CONFIGURED } });
    expect(await handlers['session:cancel-sign-in'](NONE, emit)).toEqual({ ok: true, value: null });
    expect(await handlers['session:choose-role']({ personRoleId: 'any' }, emit)).toEqual(never);
    expect(await handlers['session:sign-out'](NONE, emit)).toEqual(never);
    expect(await handlers['session:activity'](NONE, emit)).toEqual({ ok: true, value: null });
    expect(await handlers['patients:look-up']({ nhsNumber: '9990000018' }, emit)).toMatchObject({ ok: false, error: { code: 'sign-in-not-configured' } });
    expect(events).toEqual([]);
  });
});

describe('forwardSessionChanges', () => {
  it('tells the renderer of every change, in order, with no token in any of them, until stopped', async () => {
    const { rig, emit, events } = setUp();
    const stop = forwardSessionChanges(rig.session, emit);
    const tokens = await rig.signInAs(BOB, { personRoleId: 'bob-r2' });
    rig.clock.advance(IDLE_TIMEOUT_MS);
    rig.session.checkIdle();

    expect(events.map(({ channel }) => channel)).toEqual(Array<string>(4).fill('session:changed'));
    expect(events.map(({ event }) => (event as SessionView).state)).toEqual(['signing-in', 'choose-role', 'signed-in', 'signed-out']);
    expect(events.at(-1)?.event).toEqual({ state: 'signed-out', reason: 'idle' });
    const text = JSON.stringify(events);
    for (const secret of [tokens.idToken, tokens.accessToken, tokens.refreshToken ?? 'no refresh token']) {
      expect(text).not.toContain(secret);
    }

    stop();
    await rig.signInAs(ALICE);
    expect(events).toHaveLength(4);
  });

  it('does nothing without a session', () => {
    const { emit, events } = recordingEmit();
    const stop = forwardSessionChanges(undefined, emit);
    stop();
    expect(events).toEqual([]);
  });
});
