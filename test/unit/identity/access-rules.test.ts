import { describe, expect, it } from 'vitest';

import type { RoleCode, SignedInPerson } from '../../../common/identity.js';
import type { PatientDetails } from '../../../common/patient.js';
import { decideAccess } from '../../../main/identity/access-rules.js';

const RIVERSIDE = { odsCode: 'A81001', orgName: 'Riverside Medical Centre' };
const HILLVIEW = { odsCode: 'B82002', orgName: 'Hillview Surgery' };
const PCSE_OFFICE = { odsCode: 'X26PC', orgName: 'Primary Care Support England' };

function person(roleCode: RoleCode, organisation: { odsCode: string; orgName: string }): SignedInPerson {
  return {
    id: '555000000001',
    name: 'Alex Morgan',
    sessionId: 'session-1',
    role: { personRoleId: 'role-1', roleCode, roleName: roleCode, ...organisation },
  };
}

function patient(overrides: Partial<PatientDetails>): PatientDetails {
  return {
    nhsNumber: '9990000018',
    name: 'Jane SMITH',
    givenName: 'Jane',
    familyName: 'Smith',
    birthDate: '1980-01-01',
    gender: 'female',
    gp: { odsCode: RIVERSIDE.odsCode, name: null },
    status: 'active',
    deceasedDate: null,
    restricted: false,
    address: '1 High Street, Leeds',
    postcode: 'LS1 1AA',
    ...overrides,
  };
}

/** Every kind of patient the rules tell apart, as seen by someone at Riverside (or PCSE). */
const PATIENTS = {
  'active, own practice': patient({}),
  'active, other practice': patient({ gp: { odsCode: HILLVIEW.odsCode, name: HILLVIEW.orgName } }),
  'inactive (no registered GP)': patient({ gp: null, status: 'inactive' }),
  'deceased, GP still listed at own practice': patient({ status: 'deceased', deceasedDate: '2024-03-01' }),
  'deceased, no GP': patient({ gp: null, status: 'deceased', deceasedDate: '2024-03-01' }),
  'restricted, own practice': patient({ restricted: true, address: null, postcode: null }),
  'restricted, GP withheld': patient({ restricted: true, address: null, postcode: null, gp: null, status: 'inactive' }),
} as const satisfies Record<string, PatientDetails>;

type PatientKind = keyof typeof PATIENTS;
type Expected = 'search and download' | 'search only' | 'refused';

const MATRIX: Record<RoleCode, Record<PatientKind, Expected>> = {
  GP_ADMIN: {
    'active, own practice': 'search and download',
    'active, other practice': 'refused',
    'inactive (no registered GP)': 'refused',
    'deceased, GP still listed at own practice': 'refused',
    'deceased, no GP': 'refused',
    'restricted, own practice': 'search and download',
    'restricted, GP withheld': 'refused',
  },
  GP_CLINICAL: {
    'active, own practice': 'search only',
    'active, other practice': 'refused',
    'inactive (no registered GP)': 'refused',
    'deceased, GP still listed at own practice': 'refused',
    'deceased, no GP': 'refused',
    'restricted, own practice': 'search only',
    'restricted, GP withheld': 'refused',
  },
  PCSE: {
    'active, own practice': 'refused',
    'active, other practice': 'refused',
    'inactive (no registered GP)': 'search and download',
    'deceased, GP still listed at own practice': 'search and download',
    'deceased, no GP': 'search and download',
    'restricted, own practice': 'refused',
    'restricted, GP withheld': 'search and download',
  },
};

const ORGANISATION_OF: Record<RoleCode, { odsCode: string; orgName: string }> = {
  GP_ADMIN: RIVERSIDE,
  GP_CLINICAL: RIVERSIDE,
  PCSE: PCSE_OFFICE,
};

function outcome(roleCode: RoleCode, kind: PatientKind): Expected {
  const access = decideAccess(person(roleCode, ORGANISATION_OF[roleCode]), PATIENTS[kind]);
  if (access.maySearch && access.mayDownload) {
    return 'search and download';
  }
  return access.maySearch ? 'search only' : 'refused';
}

describe('decideAccess: the role matrix', () => {
  const cases = Object.entries(MATRIX).flatMap(([roleCode, row]) =>
    Object.entries(row).map(([kind, expected]) => ({ roleCode: roleCode as RoleCode, kind: kind as PatientKind, expected })),
  );

  it.each(cases)('$roleCode, $kind → $expected', ({ roleCode, kind, expected }) => {
    expect(outcome(roleCode, kind)).toBe(expected);
  });

  it('never allows a download without a search', () => {
    for (const { roleCode, kind } of cases) {
      const access = decideAccess(person(roleCode, ORGANISATION_OF[roleCode]), PATIENTS[kind]);
      expect(access.mayDownload && !access.maySearch).toBe(false);
    }
  });

  it('gives a reason for every refusal and none when everything is allowed', () => {
    for (const { roleCode, kind, expected } of cases) {
      const access = decideAccess(person(roleCode, ORGANISATION_OF[roleCode]), PATIENTS[kind]);
      if (expected === 'search and download') {
        expect(access.reason).toBeUndefined();
      } else {
        expect(access.reason).toMatch(/\S/);
      }
    }
  });
});

describe('decideAccess: the words of a refusal', () => {
  it('tells a GP admin the patient is not registered at their practice, naming their practice and not the other', () => {
    const access = decideAccess(person('GP_ADMIN', RIVERSIDE), PATIENTS['active, other practice']);
    expect(access.reason).toBe(
      'This patient is not registered at Riverside Medical Centre (A81001). You can only see records of patients registered at your practice.',
    );
    expect(access.reason).not.toContain('Hillview');
    expect(access.reason).not.toContain('B82002');
  });

  it('does not tell a GP that a patient registered nowhere has died or has no GP', () => {
    for (const kind of ['inactive (no registered GP)', 'deceased, no GP', 'restricted, GP withheld'] as const) {
      const access = decideAccess(person('GP_CLINICAL', RIVERSIDE), PATIENTS[kind]);
      expect(access.reason).toBe(
        'This patient is not registered at Riverside Medical Centre (A81001). You can only see records of patients registered at your practice.',
      );
    }
  });

  it('tells a GP clinician they may list documents but not download them', () => {
    const access = decideAccess(person('GP_CLINICAL', RIVERSIDE), PATIENTS['active, own practice']);
    expect(access).toEqual({
      maySearch: true,
      mayDownload: false,
      reason: 'Your role (GP practice clinician) can view the list of documents but not download them.',
    });
  });

  it('tells PCSE staff which patients they may see, without naming the practice', () => {
    const access = decideAccess(person('PCSE', PCSE_OFFICE), PATIENTS['active, own practice']);
    expect(access.reason).toBe('PCSE staff can only see records of patients with no registered GP or who have died.');
    expect(access.reason).not.toContain('A81001');
  });

  it('names the practice by its ODS code alone when the sign-in gave no organisation name', () => {
    const access = decideAccess(person('GP_ADMIN', { odsCode: 'A81001', orgName: 'A81001' }), PATIENTS['active, other practice']);
    expect(access.reason).toMatch(/^This patient is not registered at A81001\. /);
  });
});

describe('decideAccess: ODS codes', () => {
  it('matches ODS codes whatever their case or surrounding spaces', () => {
    const gpGivenLoosely = patient({ gp: { odsCode: ' a81001 ', name: null } });
    expect(decideAccess(person('GP_ADMIN', RIVERSIDE), gpGivenLoosely).mayDownload).toBe(true);
  });

  it('refuses a GP admin the same patient from another practice of theirs', () => {
    expect(decideAccess(person('GP_ADMIN', HILLVIEW), PATIENTS['active, own practice']).maySearch).toBe(false);
    expect(decideAccess(person('GP_ADMIN', HILLVIEW), PATIENTS['active, other practice']).mayDownload).toBe(true);
  });

  it('never matches an empty ODS code', () => {
    const noCode = patient({ gp: { odsCode: '', name: null } });
    expect(decideAccess(person('GP_ADMIN', { odsCode: '', orgName: '' }), noCode).maySearch).toBe(false);
  });
});
