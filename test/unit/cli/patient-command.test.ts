// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { describePatient, patientCommand, patientSummary } from '../../../main/cli/patient-command.js';
import type { PatientDetails, PatientLookup } from '../../../common/patient.js';
import { runWithoutBackend } from './support/cli-io.js';

const AMELIA: PatientDetails = {
  nhsNumber: '9990000018',
  name: 'Amelia Rose HARTLEY',
  givenName: 'Amelia Rose',
  familyName: 'HARTLEY',
  birthDate: '1984-03-14',
  gender: 'female',
  gp: { odsCode: 'A81001', name: 'Riverside Medical Centre' },
  status: 'active',
  deceasedDate: null,
  restricted: false,
  address: '12 Willow Court, Riverside, Leeds',
  postcode: 'LS1 4AP',
};

const ALLOWED: PatientLookup = { patient: AMELIA, access: { maySearch: true, mayDownload: true } };
const REFUSED: PatientLookup = { patient: AMELIA, access: { maySearch: false, mayDownload: false, reason: 'This patient is not registered at Hillview Surgery (B82002).' } };

describe('patient arguments', () => {
  it('exit 2 for a missing or invalid NHS number, before opening anything', async () => {
    expect(await runWithoutBackend(patientCommand, [])).toMatchObject({ code: 2, opened: false, stderr: expect.stringContaining('Usage: cli patient <nhs-number>') });
    expect(await runWithoutBackend(patientCommand, ['1234567890'])).toMatchObject({ code: 2, opened: false, stderr: expect.stringContaining('check digit') });
    expect(await runWithoutBackend(patientCommand, ['9990000018', '9990000026'])).toMatchObject({ code: 2, opened: false });
  });
});

describe('patient --json', () => {
  it('says who the patient is and that the person may see the record', () => {
    expect(patientSummary(ALLOWED)).toEqual({
      nhsNumber: '9990000018',
      name: 'Amelia Rose HARTLEY',
      birthDate: '1984-03-14',
      gpOdsCode: 'A81001',
      status: 'active',
      restricted: false,
      allowed: true,
    });
  });

  it('gives the reason only when the person may not see the record', () => {
    expect(patientSummary(REFUSED)).toMatchObject({ allowed: false, reason: 'This patient is not registered at Hillview Surgery (B82002).' });
    // A clinician may see the list but not download: that is allowed, so no reason.
    expect(patientSummary({ patient: AMELIA, access: { maySearch: true, mayDownload: false, reason: 'No download.' } })).not.toHaveProperty('reason');
  });

  it('gives null for no registered GP, and never an address', () => {
    const summary = patientSummary({ ...ALLOWED, patient: { ...AMELIA, gp: null, status: 'inactive' } });
    expect(summary).toMatchObject({ gpOdsCode: null, status: 'inactive' });
    expect(JSON.stringify(summary)).not.toContain('Willow');
  });
});

describe('patient for people', () => {
  it('shows name, number, birth date, GP, status, address and what the person may do', () => {
    expect(describePatient(ALLOWED)).toBe(
      [
        'Amelia Rose HARTLEY  NHS number 999 000 0018',
        'Date of birth: 1984-03-14   Gender: female',
        'GP practice: Riverside Medical Centre (A81001)',
        'Status: registered with a GP practice',
        'Address: 12 Willow Court, Riverside, Leeds, LS1 4AP',
        'You may see and download this patient’s documents.',
        '',
      ].join('\n'),
    );
  });

  it('never prints a restricted patient’s address, even one it was given', () => {
    const text = describePatient({ ...REFUSED, patient: { ...AMELIA, restricted: true } });
    expect(text).toContain('Restricted record: the address is not shown.');
    expect(text).not.toContain('Willow');
    expect(text).not.toContain('LS1 4AP');
    expect(text).toContain('You may not see this patient’s documents: This patient is not registered at Hillview Surgery (B82002).');
  });

  it('says when the patient has died or has no GP, and when the number was merged', () => {
    const text = describePatient({ ...ALLOWED, replacedNhsNumber: '9990000085', patient: { ...AMELIA, gp: null, status: 'deceased', deceasedDate: '2025-10-17' } });
    expect(text).toContain('(999 000 0085 was merged into this record.)');
    expect(text).toContain('GP practice: none');
    expect(text).toContain('Status: deceased (2025-10-17)');
  });
});
