// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { PatientDetails } from '../../../common/patient.js';
import { NOT_CONFIGURED, type PatientDirectory, createAccessGate, unconfiguredGate } from '../../../main/identity/access-gate.js';
import { ALICE, BOB, IDLE_TIMEOUT_MS, MINUTE, REFRESH_REFUSED, type SessionRig, sessionRig, settle } from './support/session-fakes.js';

// The gate with a real session (signed in through a stand-in flow) and a PDS stand-in that counts its look-ups.

const RIVERSIDE_PATIENT = '9990000018';
const HILLVIEW_PATIENT = '9990000026';
const DECEASED_PATIENT = '9990000034';
const UNKNOWN_PATIENT = '9990000042';

function patient(nhsNumber: string, overrides: Partial<PatientDetails> = {}): PatientDetails {
  return {
    nhsNumber,
    name: 'Jane SMITH',
    givenName: 'Jane',
    familyName: 'Smith',
    birthDate: '1980-01-01',
    gender: 'female',
    gp: { odsCode: 'A81001', name: 'Riverside Medical Centre' },
    status: 'active',
    deceasedDate: null,
    restricted: false,
    address: '1 High Street, Leeds',
    postcode: 'LS1 1AA',
    ...overrides,
  };
}

const PATIENTS: Readonly<Record<string, PatientDetails>> = {
  [RIVERSIDE_PATIENT]: patient(RIVERSIDE_PATIENT),
  [HILLVIEW_PATIENT]: patient(HILLVIEW_PATIENT, { gp: { odsCode: 'B82002', name: 'Hillview Surgery' } }),
  [DECEASED_PATIENT]: patient(DECEASED_PATIENT, { status: 'deceased', deceasedDate: '2020-02-02' }),
};

/** PDS as the gate sees it: the patients above, 404 for anyone else; every look-up counted. */
function countingDirectory(): PatientDirectory & { readonly asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    lookUp(nhsNumber) {
      asked.push(nhsNumber);
      const found = PATIENTS[nhsNumber];
      return Promise.resolve(
        found === undefined
          ? { ok: false, error: { code: 'patient-not-found', message: 'No patient was found with that NHS number.', httpStatus: 404 } }
          : { ok: true, value: { patient: found, httpStatus: 200 } },
      );
    },
  };
}

function gateRig(): { rig: SessionRig; directory: ReturnType<typeof countingDirectory>; gate: ReturnType<typeof createAccessGate> } {
  const rig = sessionRig();
  const directory = countingDirectory();
  return { rig, directory, gate: createAccessGate({ session: rig.session, directory, now: rig.clock.now }) };
}

describe('who may act', () => {
  it('refuses everything, asking nobody, when nobody is signed in', async () => {
    const { gate, directory } = gateRig();
    expect(gate.person()).toMatchObject({ ok: false, error: { code: 'not-signed-in', message: expect.stringContaining('Sign in with your NHS Care Identity') } });
    expect(await gate.decide(RIVERSIDE_PATIENT, 'look-up')).toMatchObject({ allowed: false, error: { code: 'not-signed-in' } });
    expect(directory.asked).toEqual([]);
  });

  it('acts as the signed-in person, in the role they chose', async () => {
    const { gate, rig } = gateRig();
    await rig.signInAs(BOB, { personRoleId: 'bob-r2' });
    expect(gate.person()).toEqual({ ok: true, value: rig.session.person() });
    expect(gate.person()).toMatchObject({ ok: true, value: { name: 'Bob Brown', role: { roleCode: 'PCSE' } } });
  });

  it('lets nobody act while the session waits for the person to sign in again', async () => {
    const { gate, rig, directory } = gateRig();
    await rig.signInAs(ALICE);
    const release = gate.holdOpen();
    rig.clock.advance(15 * MINUTE);
    rig.session.idToken().catch(() => undefined);
    rig.flow.lastRefresh.answer({ ok: false, error: REFRESH_REFUSED });
    await settle();
    expect(rig.session.view().state).toBe('sign-in-again');

    expect(gate.person()).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
    expect(await gate.decide(RIVERSIDE_PATIENT, 'search')).toMatchObject({ allowed: false, error: { code: 'not-signed-in' } });
    expect(directory.asked).toEqual([]);
    release();
  });
});

describe('decisions', () => {
  it('lets a GP practice administrator look up, search and download their own practice’s patient', async () => {
    const { gate, rig } = gateRig();
    await rig.signInAs(ALICE);
    const alice = rig.session.person();
    for (const attempt of ['look-up', 'search', 'download'] as const) {
      const decision = await gate.decide(RIVERSIDE_PATIENT, attempt);
      expect(decision).toEqual({
        allowed: true,
        person: alice,
        lookup: { patient: PATIENTS[RIVERSIDE_PATIENT], access: { maySearch: true, mayDownload: true }, pdsStatus: 200 },
      });
    }
  });

  it('refuses another practice’s patient, naming the reason and the person, but still shows who the patient is', async () => {
    const { gate, rig } = gateRig();
    await rig.signInAs(ALICE);

    const lookedUp = await gate.decide(HILLVIEW_PATIENT, 'look-up');
    expect(lookedUp).toMatchObject({ allowed: true, lookup: { access: { maySearch: false, mayDownload: false } } });

    const decision = await gate.decide(HILLVIEW_PATIENT, 'search');
    expect(decision.allowed).toBe(false);
    if (decision.allowed) {
      return;
    }
    const reason = 'This patient is not registered at Riverside Medical Centre (A81001). You can only see records of patients registered at your practice.';
    expect(decision.error).toEqual({ code: 'not-permitted', message: reason });
    expect(decision.refusal).toEqual({ person: rig.session.person(), lookup: expect.objectContaining({ pdsStatus: 200 }) as unknown, reason });
    expect(decision.refusal?.person).toMatchObject({ id: '555000000001', name: 'Alice Adams', role: { roleCode: 'GP_ADMIN' } });
    // Where the patient is registered is not given away.
    expect(reason).not.toContain('B82002');
  });

  it('lets a GP clinician list their practice’s patient’s documents but not download them', async () => {
    const { gate, rig } = gateRig();
    await rig.signInAs(BOB, { personRoleId: 'bob-r1' });
    expect(await gate.decide(RIVERSIDE_PATIENT, 'search')).toMatchObject({ allowed: true });

    const download = await gate.decide(RIVERSIDE_PATIENT, 'download');
    expect(download).toMatchObject({
      allowed: false,
      error: { code: 'not-permitted', message: expect.stringContaining('can view the list of documents but not download them') as string },
      refusal: { person: { name: 'Bob Brown', role: { roleCode: 'GP_CLINICAL' } } },
    });
  });

  it('lets PCSE reach a deceased patient but not one registered at a practice', async () => {
    const { gate, rig } = gateRig();
    await rig.signInAs(BOB, { personRoleId: 'bob-r2' });
    expect(await gate.decide(DECEASED_PATIENT, 'download')).toMatchObject({ allowed: true });
    expect(await gate.decide(RIVERSIDE_PATIENT, 'search')).toMatchObject({
      allowed: false,
      error: { code: 'not-permitted', message: expect.stringContaining('no registered GP or who have died') as string },
    });
  });

  it('passes on what PDS said when the patient cannot be found, with its status, and asks again next time', async () => {
    const { gate, rig, directory } = gateRig();
    await rig.signInAs(ALICE);
    const decision = await gate.decide(UNKNOWN_PATIENT, 'look-up');
    expect(decision).toEqual({
      allowed: false,
      person: rig.session.person(),
      error: { code: 'patient-not-found', message: 'No patient was found with that NHS number.', pdsStatus: 404 },
    });
    await gate.decide(UNKNOWN_PATIENT, 'look-up');
    expect(directory.asked).toEqual([UNKNOWN_PATIENT, UNKNOWN_PATIENT]);
  });
});

describe('keeping look-ups', () => {
  it('asks PDS once for a patient confirmed, listed and downloaded within five minutes', async () => {
    const { gate, rig, directory } = gateRig();
    await rig.signInAs(ALICE);
    await gate.decide(RIVERSIDE_PATIENT, 'look-up');
    rig.clock.advance(5 * MINUTE - 1);
    await gate.decide(RIVERSIDE_PATIENT, 'search');
    await gate.decide(RIVERSIDE_PATIENT, 'download');
    expect(directory.asked).toEqual([RIVERSIDE_PATIENT]);

    rig.clock.advance(1);
    await gate.decide(RIVERSIDE_PATIENT, 'download');
    expect(directory.asked).toEqual([RIVERSIDE_PATIENT, RIVERSIDE_PATIENT]);
  });

  it('keeps each patient apart', async () => {
    const { gate, rig, directory } = gateRig();
    await rig.signInAs(ALICE);
    await gate.decide(RIVERSIDE_PATIENT, 'look-up');
    await gate.decide(HILLVIEW_PATIENT, 'look-up');
    expect(directory.asked).toEqual([RIVERSIDE_PATIENT, HILLVIEW_PATIENT]);
  });

  it('asks again after a sign-out and sign-in, even as the same person', async () => {
    const { gate, rig, directory } = gateRig();
    await rig.signInAs(ALICE);
    await gate.decide(RIVERSIDE_PATIENT, 'look-up');
    rig.session.signOut();
    await rig.signInAs(ALICE);
    const decision = await gate.decide(RIVERSIDE_PATIENT, 'look-up');
    expect(directory.asked).toEqual([RIVERSIDE_PATIENT, RIVERSIDE_PATIENT]);
    expect(decision).toMatchObject({ allowed: true, person: { sessionId: rig.session.person()?.sessionId } });
  });

  it('decides afresh for the next person, never from what the last one was allowed', async () => {
    const { gate, rig, directory } = gateRig();
    await rig.signInAs(ALICE);
    expect(await gate.decide(RIVERSIDE_PATIENT, 'download')).toMatchObject({ allowed: true });
    rig.session.signOut();
    await rig.signInAs(BOB, { personRoleId: 'bob-r1' });
    expect(await gate.decide(RIVERSIDE_PATIENT, 'download')).toMatchObject({ allowed: false, refusal: { person: { name: 'Bob Brown' } } });
    expect(directory.asked).toHaveLength(2);
  });
});

describe('the session kept alive', () => {
  it('counts a decision as the person’s activity', async () => {
    const { gate, rig } = gateRig();
    await rig.signInAs(ALICE);
    rig.clock.advance(IDLE_TIMEOUT_MS - 1);
    await gate.decide(RIVERSIDE_PATIENT, 'look-up');
    rig.clock.advance(1);
    rig.session.checkIdle();
    expect(rig.session.view().state).toBe('signed-in');
  });

  it('holds the session open for a running job', async () => {
    const { gate, rig } = gateRig();
    await rig.signInAs(ALICE);
    const release = gate.holdOpen();
    rig.clock.advance(2 * IDLE_TIMEOUT_MS);
    rig.session.checkIdle();
    expect(rig.session.view().state).toBe('signed-in');
    release();
    rig.clock.advance(IDLE_TIMEOUT_MS);
    rig.session.checkIdle();
    expect(rig.session.view().state).toBe('signed-out');
  });
});

describe('without sign-in configured', () => {
  it('refuses every record with words for the IT service desk, and holds nothing open', async () => {
    const gate = unconfiguredGate();
    const error = { code: 'sign-in-not-configured', message: NOT_CONFIGURED };
    expect(gate.person()).toEqual({ ok: false, error });
    expect(await gate.decide(RIVERSIDE_PATIENT, 'look-up')).toEqual({ allowed: false, error });
    expect(NOT_CONFIGURED).toContain('Ask your IT service desk to configure sign-in');
    expect(NOT_CONFIGURED).toContain('archive can still be opened');
    expect(() => gate.holdOpen()()).not.toThrow();
  });
});
