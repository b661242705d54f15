import { describe, expect, it } from 'vitest';

import type { PatientDetails } from '../../../common/patient.js';
import { mapPdsPatient, replacedNumberMessage } from '../../../main/patients/patient-mapping.js';

const NOW = new Date('2026-06-01T10:00:00Z');
const NHS = '9990000018';

/** A PDS Patient shaped as PDS serves one: an NHS number, a usual name, a home address and a registered GP. */
function pdsPatient(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceType: 'Patient',
    id: NHS,
    meta: { versionId: '2', security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'U', display: 'unrestricted' }] },
    identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: NHS }],
    name: [{ use: 'usual', given: ['Jane', 'Mary'], family: 'Ashworth', period: { start: '1980-01-01' } }],
    gender: 'female',
    birthDate: '1980-01-01',
    address: [
      { use: 'home', line: ['1 Mill Lane', 'Riverside'], city: 'Leeds', postalCode: 'LS1 4AB', period: { start: '2010-01-01' } },
    ],
    generalPractitioner: [
      { type: 'Organization', identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A81001', period: { start: '2010-01-01' } } },
    ],
    ...overrides,
  };
}

function mapped(body: unknown, requestedNhsNumber = NHS): { patient: PatientDetails; replacedNhsNumber?: string } {
  const result = mapPdsPatient(body, { requestedNhsNumber, now: NOW });
  if (!result.ok) {
    throw new Error(`expected the patient to map, got: ${result.error.detail}`);
  }
  return result.value;
}

const restrictedSecurity = (code: string): Record<string, unknown> => ({
  meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code }] },
});

describe('mapPdsPatient: an ordinary registered patient', () => {
  it('gives the details the confirmation page shows', () => {
    expect(mapped(pdsPatient())).toEqual({
      patient: {
        nhsNumber: NHS,
        name: 'Jane Mary ASHWORTH',
        givenName: 'Jane Mary',
        familyName: 'Ashworth',
        birthDate: '1980-01-01',
        gender: 'female',
        gp: { odsCode: 'A81001', name: null },
        status: 'active',
        deceasedDate: null,
        restricted: false,
        address: '1 Mill Lane, Riverside, Leeds',
        postcode: 'LS1 4AB',
      },
    });
  });

  it("takes the practice's name from the reference's display when PDS gives one", () => {
    const patient = pdsPatient({
      generalPractitioner: [{ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'b82002' }, display: 'Hillview Surgery' }],
    });
    expect(mapped(patient).patient.gp).toEqual({ odsCode: 'B82002', name: 'Hillview Surgery' });
  });
});

describe('mapPdsPatient: restricted patients', () => {
  it.each(['R', 'V'])('withholds the address and postcode of a patient marked %s', (code) => {
    const { patient } = mapped(pdsPatient(restrictedSecurity(code)));
    expect(patient.restricted).toBe(true);
    expect(patient.address).toBeNull();
    expect(patient.postcode).toBeNull();
    expect(JSON.stringify(patient)).not.toMatch(/Mill Lane|LS1 4AB|Leeds/);
  });

  it('never reads the address of a restricted patient, even one this app could not parse', () => {
    const { patient } = mapped(pdsPatient({ ...restrictedSecurity('R'), address: [{ line: 'not an array', postalCode: 42 }] }));
    expect(patient.address).toBeNull();
  });

  it('withholds the address when the security label comes without its system', () => {
    const { patient } = mapped(pdsPatient({ meta: { security: [{ code: 'R' }] } }));
    expect(patient.restricted).toBe(true);
    expect(patient.address).toBeNull();
  });

  it('treats U as unrestricted', () => {
    expect(mapped(pdsPatient(restrictedSecurity('U'))).patient.restricted).toBe(false);
  });

  it('is a patient with no registered GP when PDS withholds the GP, as it does for restricted patients', () => {
    const { patient } = mapped(pdsPatient({ ...restrictedSecurity('R'), address: undefined, generalPractitioner: undefined }));
    expect(patient).toMatchObject({ restricted: true, gp: null, status: 'inactive', address: null, postcode: null });
  });
});

describe('mapPdsPatient: status', () => {
  it('is deceased, with the date, when PDS gives a date of death, even with a GP still listed', () => {
    const { patient } = mapped(pdsPatient({ deceasedDateTime: '2024-03-01T09:30:00+00:00' }));
    expect(patient).toMatchObject({ status: 'deceased', deceasedDate: '2024-03-01', gp: { odsCode: 'A81001' } });
  });

  it('is deceased with no GP', () => {
    const { patient } = mapped(pdsPatient({ deceasedDateTime: '2024-03-01', generalPractitioner: undefined }));
    expect(patient).toMatchObject({ status: 'deceased', deceasedDate: '2024-03-01', gp: null });
  });

  it('is inactive when PDS lists no GP', () => {
    expect(mapped(pdsPatient({ generalPractitioner: [] })).patient).toMatchObject({ status: 'inactive', gp: null });
    expect(mapped(pdsPatient({ generalPractitioner: undefined })).patient).toMatchObject({ status: 'inactive', gp: null });
  });

  it('is inactive when the registration has ended', () => {
    const ended = pdsPatient({
      generalPractitioner: [
        { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A81001', period: { start: '2010-01-01', end: '2025-12-31' } } },
      ],
    });
    expect(mapped(ended).patient).toMatchObject({ status: 'inactive', gp: null });
  });

  it('ignores a GP reference that carries no ODS code', () => {
    const other = pdsPatient({ generalPractitioner: [{ identifier: { system: 'https://example.org/practice', value: 'A81001' } }] });
    expect(mapped(other).patient.status).toBe('inactive');
  });
});

describe('mapPdsPatient: names', () => {
  it('prefers the usual name to others listed first', () => {
    const { patient } = mapped(
      pdsPatient({
        name: [
          { use: 'nickname', given: ['Janey'], family: 'Ash' },
          { use: 'usual', given: ['Jane'], family: 'Ashworth' },
        ],
      }),
    );
    expect(patient.name).toBe('Jane ASHWORTH');
  });

  it('takes the first current name when there is no current usual name', () => {
    const { patient } = mapped(
      pdsPatient({
        name: [
          { use: 'usual', given: ['Jane'], family: 'Brown', period: { start: '1980-01-01', end: '2005-06-30' } },
          { use: 'official', given: ['Jane'], family: 'Ashworth', period: { start: '2005-07-01' } },
        ],
      }),
    );
    expect(patient).toMatchObject({ name: 'Jane ASHWORTH', familyName: 'Ashworth' });
  });

  it('copes with a family name alone', () => {
    expect(mapped(pdsPatient({ name: [{ family: 'Ashworth' }] })).patient).toMatchObject({ name: 'ASHWORTH', givenName: '' });
  });
});

describe('mapPdsPatient: addresses', () => {
  it('takes the current home address over a temporary one listed first, and passes over an ended home address', () => {
    const { patient } = mapped(
      pdsPatient({
        address: [
          { use: 'temp', line: ['Flat 2, Student Halls'], postalCode: 'LS2 9JT' },
          { use: 'home', line: ['Old House'], postalCode: 'LS6 1AA', period: { start: '2000-01-01', end: '2009-12-31' } },
          { use: 'home', line: ['1 Mill Lane'], city: 'Leeds', postalCode: 'LS1 4AB', period: { start: '2010-01-01' } },
        ],
      }),
    );
    expect(patient).toMatchObject({ address: '1 Mill Lane, Leeds', postcode: 'LS1 4AB' });
  });

  it('is null when PDS gives no address', () => {
    expect(mapped(pdsPatient({ address: undefined })).patient).toMatchObject({ address: null, postcode: null });
  });
});

describe('mapPdsPatient: merged records', () => {
  it('reports the number asked for as replaced when PDS answers with another patient number', () => {
    const surviving = pdsPatient({ id: '9990000026', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000026' }] });
    const result = mapped(surviving, '9990000085');
    expect(result.patient.nhsNumber).toBe('9990000026');
    expect(result.replacedNhsNumber).toBe('9990000085');
  });

  it('says so in plain words', () => {
    expect(replacedNumberMessage('9990000085', '9990000026')).toBe(
      'NHS number 999 000 0085 has been replaced by 999 000 0026: PDS merged the two records. The details below are under the current number; use it from now on.',
    );
  });

  it('does not report a replacement when the numbers match', () => {
    expect(mapped(pdsPatient())).not.toHaveProperty('replacedNhsNumber');
  });
});

describe('mapPdsPatient: answers this app cannot read', () => {
  it.each([
    ['an OperationOutcome', { resourceType: 'OperationOutcome', issue: [] }],
    ['not an object', 'Patient'],
    ['names that are not a list', pdsPatient({ name: { family: 'Ashworth' } })],
    ['a birth date that is not a date', pdsPatient({ birthDate: '01/01/1980' })],
    ['no NHS number at all', pdsPatient({ id: undefined, identifier: [] })],
    ['an NHS number with a wrong check digit', pdsPatient({ id: undefined, identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000019' }] })],
  ])('fails the look-up in plain words for %s', (_label, body) => {
    const result = mapPdsPatient(body, { requestedNhsNumber: NHS, now: NOW });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('patient-lookup-failed');
      expect(result.error.message).toMatch(/^The patient look-up \(PDS\) gave an answer this app cannot read/);
      expect(result.error.detail).not.toContain('01/01/1980');
    }
  });
});

describe('mapPdsPatient: details a person would notice', () => {
  it('treats a REDACTED record as restricted: no address, no postcode', () => {
    expect(mapped(pdsPatient(restrictedSecurity('REDACTED'))).patient).toMatchObject({ restricted: true, address: null, postcode: null });
  });

  it('counts a patient PDS marks deceased without a date as deceased', () => {
    expect(mapped(pdsPatient({ deceasedBoolean: true })).patient).toMatchObject({ status: 'deceased', deceasedDate: null });
  });

  it('shows names without stray spaces', () => {
    const patient = mapped(pdsPatient({ name: [{ use: 'usual', given: [' Jane ', ' '], family: ' Ashworth ' }] })).patient;
    expect(patient).toMatchObject({ givenName: 'Jane', familyName: 'Ashworth', name: 'Jane ASHWORTH' });
  });

  it('never shows an address the patient has left', () => {
    const moved = pdsPatient({
      address: [{ use: 'home', line: ['9 Old Road'], city: 'York', postalCode: 'YO1 1AA', period: { start: '2000-01-01', end: '2009-12-31' } }],
    });
    expect(mapped(moved).patient).toMatchObject({ address: null, postcode: null });
  });
});
