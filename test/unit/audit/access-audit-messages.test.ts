// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  PATIENT_LOOKUP_DESCRIPTION,
  REFUSED_DESCRIPTION,
  patientLookupAuditMessage,
  refusedAuditMessage,
} from '../../../main/audit/access-audit-messages.js';
import {
  type AuditActor,
  downloadAuditMessage,
  nothingToDownloadAuditMessage,
  savedAuditMessage,
  searchAuditMessage,
} from '../../../main/audit/audit-messages.js';
import { BOB, sessionRig } from '../identity/support/session-fakes.js';

// Reaching a patient is audited as the original system did ("Searched for patient details" with PDS's status), and so
// is an attempt the role rules refused; each names the person, their role and organisation, and the session.

const NOW = new Date('2025-01-06T09:15:00.000Z');
const COMMON_INPUT = { correlationId: 'c0ffee00-0000-4000-8000-000000000001', nhsNumber: '9990000018', now: NOW, eventId: 'e0000000-0000-4000-8000-000000000002' };

/** Bob signed in as PCSE through the session, and the actor the app would audit him as. */
async function signedInActor() {
  const rig = sessionRig();
  const tokens = await rig.signInAs(BOB, { personRoleId: 'bob-r2' });
  const person = rig.session.person();
  if (person === undefined) {
    throw new Error('Not signed in');
  }
  const actor: AuditActor = {
    person,
    principal: 'arn:aws:sts::000000000000:assumed-role/DocStorePcse/555000000002',
    osUser: 'bbrown',
    hostName: 'PCSE-LAPTOP-3',
    app: { name: 'Document Store Desktop', version: '0.1.0' },
  };
  return { actor, tokens, sessionId: person.sessionId };
}

describe('patientLookupAuditMessage', () => {
  it('says the patient details were searched for, with PDS’s status and the person acting', async () => {
    const { actor, sessionId } = await signedInActor();
    expect(patientLookupAuditMessage({ ...COMMON_INPUT, actor, pdsStatus: 200 })).toStrictEqual({
      timestamp: '2025-01-06T09:15:00.000Z',
      correlationId: COMMON_INPUT.correlationId,
      nhsNumber: '9990000018',
      pdsStatus: 200,
      description: PATIENT_LOOKUP_DESCRIPTION,
      eventId: COMMON_INPUT.eventId,
      userId: '555000000002',
      userName: 'Bob Brown',
      roleCode: 'PCSE',
      userRoleId: 'bob-r2',
      odsCode: 'X26',
      sessionId,
      principal: actor.principal,
      osUser: 'bbrown',
      hostName: 'PCSE-LAPTOP-3',
      appName: 'Document Store Desktop',
      appVersion: '0.1.0',
    });
    expect(PATIENT_LOOKUP_DESCRIPTION).toBe('Searched for patient details');
  });

  it('records a PDS status that was not a success, and none when PDS gave no answer', async () => {
    const { actor } = await signedInActor();
    expect(patientLookupAuditMessage({ ...COMMON_INPUT, actor, pdsStatus: 404 }).pdsStatus).toBe(404);
    const unanswered = patientLookupAuditMessage({ ...COMMON_INPUT, actor, pdsStatus: undefined });
    expect(Object.keys(unanswered)).not.toContain('pdsStatus');
    expect(JSON.parse(JSON.stringify(unanswered))).toEqual(unanswered);
  });
});

describe('refusedAuditMessage', () => {
  it('records what was attempted, the reason the person was shown, and who they are', async () => {
    const { actor, sessionId } = await signedInActor();
    const reason = 'PCSE staff can only see records of patients with no registered GP or who have died.';
    const message = refusedAuditMessage({ ...COMMON_INPUT, actor, attempted: 'download', reason });
    expect(message).toMatchObject({
      description: REFUSED_DESCRIPTION,
      attempted: 'download',
      reason,
      nhsNumber: '9990000018',
      userId: '555000000002',
      userName: 'Bob Brown',
      roleCode: 'PCSE',
      odsCode: 'X26',
      sessionId,
    });
    expect(refusedAuditMessage({ ...COMMON_INPUT, actor, attempted: 'search', reason }).attempted).toBe('search');
  });
});

describe('every audit message', () => {
  it('names the person and session and carries no token from the sign-in', async () => {
    const { actor, tokens, sessionId } = await signedInActor();
    const messages = [
      patientLookupAuditMessage({ ...COMMON_INPUT, actor, pdsStatus: 200 }),
      refusedAuditMessage({ ...COMMON_INPUT, actor, attempted: 'search', reason: 'Not yours.' }),
      searchAuditMessage({ ...COMMON_INPUT, actor, resultCount: 3 }),
      downloadAuditMessage({ ...COMMON_INPUT, actor, files: [{ id: 'doc-1', fileName: 'letter.pdf', fileType: 'application/pdf' }] }),
      savedAuditMessage({ ...COMMON_INPUT, actor, sha256: 'ab'.repeat(32), bytes: 1024, documentCount: 1 }),
      nothingToDownloadAuditMessage({ ...COMMON_INPUT, actor, excludedCount: 2 }),
    ];
    for (const message of messages) {
      expect(message).toMatchObject({ userId: '555000000002', userName: 'Bob Brown', roleCode: 'PCSE', userRoleId: 'bob-r2', odsCode: 'X26', sessionId });
      const text = JSON.stringify(message);
      for (const secret of [tokens.idToken, tokens.accessToken, tokens.refreshToken ?? 'no refresh token']) {
        expect(text).not.toContain(secret);
      }
      expect(Object.keys(message).filter((key) => /token/iu.test(key))).toEqual([]);
    }
  });
});
