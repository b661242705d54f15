// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { type AuditActor, actorFields } from '../../../main/audit/audit-messages.js';
import { SAVED_RECORD_PDF_DESCRIPTION, savedRecordPdfAuditMessage } from '../../../main/audit/record-pdf-audit-messages.js';
import { BOB, sessionRig } from '../identity/support/session-fakes.js';

// A record PDF saved beside a verified ZIP is audited under the download's correlation id: which file by its SHA-256,
// size and pages, and who saved it; never where it was saved or under which name.

const NOW = new Date('2025-01-06T09:15:00.000Z');

async function signedInActor(): Promise<AuditActor> {
  const rig = sessionRig();
  await rig.signInAs(BOB, { personRoleId: 'bob-r2' });
  const person = rig.session.person();
  if (person === undefined) {
    throw new Error('Not signed in');
  }
  return { person, principal: 'arn:aws:sts::000000000000:assumed-role/DocStorePcse/555000000002', osUser: 'bbrown', hostName: 'PCSE-LAPTOP-3', app: { name: 'Document Store Desktop', version: '0.1.0' } };
}

describe('savedRecordPdfAuditMessage', () => {
  it('says a record PDF was saved, with its SHA-256, size, pages and counts, and the person acting', async () => {
    const actor = await signedInActor();

    const message = savedRecordPdfAuditMessage({
      actor,
      correlationId: 'c0ffee00-0000-4000-8000-000000000001',
      nhsNumber: '9990000018',
      now: NOW,
      eventId: 'e0000000-0000-4000-8000-000000000002',
      sha256: 'd'.repeat(64),
      bytes: 2_097_152,
      pages: 41,
      documentCount: 11,
      zipOnlyCount: 1,
    });

    expect(message).toStrictEqual({
      timestamp: '2025-01-06T09:15:00.000Z',
      correlationId: 'c0ffee00-0000-4000-8000-000000000001',
      nhsNumber: '9990000018',
      sha256: 'd'.repeat(64),
      bytes: 2_097_152,
      pages: 41,
      documentCount: 11,
      zipOnlyCount: 1,
      description: SAVED_RECORD_PDF_DESCRIPTION,
      eventId: 'e0000000-0000-4000-8000-000000000002',
      ...actorFields(actor),
    });
    expect(message.description).toBe('Saved record PDF');
  });
});
