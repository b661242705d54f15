import { describe, expect, it } from 'vitest';
import { identityFromClaims, roleCodeOf } from '../../../main/identity/roles.js';

const gpAdmin = {
  person_roleid: '555000000001-1',
  org_code: 'A81001',
  role_code: 'S8000:G8001:R8013',
  role_name: '"Admin & Clerical":"Admin and Clerical":"GP Practice Administrator"',
  org_name: 'Riverside Medical Centre',
};
const clinical = {
  person_roleid: '555000000001-2',
  org_code: 'B82002',
  role_code: 'S8000:G8000:R8000',
  role_name: 'General Medical Practitioner',
};
const receptionist = { person_roleid: '555000000001-3', org_code: 'A81001', role_code: 'S8000:G8000:R8003', role_name: 'Receptionist' };

describe('identityFromClaims', () => {
  it('names the person by their CIS2 UUID and keeps the roles this app recognises', () => {
    const person = identityFromClaims({
      sub: 'broker-subject',
      nhsid_useruid: '555000000001',
      name: 'Alex Morgan',
      nhsid_nrbac_roles: [gpAdmin, receptionist, clinical, { ...receptionist, person_roleid: 'pcse', role_code: 'S8000:G8001:R8015', org_code: 'X26PC' }],
    });
    expect(person).toEqual({
      id: '555000000001',
      name: 'Alex Morgan',
      roles: [
        { personRoleId: '555000000001-1', roleCode: 'GP_ADMIN', roleName: gpAdmin.role_name, odsCode: 'A81001', orgName: 'Riverside Medical Centre' },
        { personRoleId: '555000000001-2', roleCode: 'GP_CLINICAL', roleName: 'General Medical Practitioner', odsCode: 'B82002', orgName: 'B82002' },
        { personRoleId: 'pcse', roleCode: 'PCSE', roleName: 'Receptionist', odsCode: 'X26PC', orgName: 'X26PC' },
      ],
    });
  });

  it('falls back to sub, to the given and family names, and to the organisation list for names', () => {
    const person = identityFromClaims({
      sub: 'broker-subject',
      given_name: 'Priya',
      family_name: 'Shah',
      nhsid_nrbac_roles: [clinical],
      nhsid_user_orgs: [{ org_code: 'B82002', org_name: 'Hillview Surgery' }],
    });
    expect(person).toMatchObject({ id: 'broker-subject', name: 'Priya Shah', roles: [{ orgName: 'Hillview Surgery' }] });
    expect(identityFromClaims({ sub: 'only-a-subject', nhsid_useruid: ' ' })).toEqual({ id: 'only-a-subject', name: 'only-a-subject', roles: [] });
  });

  it('gives a person with only unrecognised roles no roles at all', () => {
    expect(identityFromClaims({ sub: 's', nhsid_nrbac_roles: [receptionist], selected_roleid: receptionist.person_roleid })).toEqual({ id: 's', name: 's', roles: [] });
  });

  it('skips malformed role entries and a claim that is not a list', () => {
    const malformed = [null, 'R8013', { ...gpAdmin, person_roleid: '' }, { ...gpAdmin, org_code: undefined }, { role_code: 'R8013' }];
    expect(identityFromClaims({ sub: 's', nhsid_nrbac_roles: [...malformed, clinical] }).roles.map((role) => role.personRoleId)).toEqual([clinical.person_roleid]);
    expect(identityFromClaims({ sub: 's', nhsid_nrbac_roles: gpAdmin }).roles).toEqual([]);
  });

  it('keeps the role chosen at sign-in only when it is a recognised role of this person', () => {
    const claims = { sub: 's', nhsid_nrbac_roles: [gpAdmin, clinical, receptionist] };
    expect(identityFromClaims({ ...claims, selected_roleid: clinical.person_roleid }).selectedRoleId).toBe(clinical.person_roleid);
    for (const selected of [receptionist.person_roleid, 'someone-elses-role', 42, '', undefined]) {
      expect(identityFromClaims({ ...claims, selected_roleid: selected })).not.toHaveProperty('selectedRoleId');
    }
  });

  it('counts a role listed twice once', () => {
    expect(identityFromClaims({ sub: 's', nhsid_nrbac_roles: [gpAdmin, gpAdmin] }).roles.map((role) => role.roleCode)).toEqual(['GP_ADMIN']);
  });
});

describe('roleCodeOf', () => {
  it('reads the job role from a colon-separated CIS2 code', () => {
    expect(roleCodeOf('S8000:G8001:R8013')).toBe('GP_ADMIN');
    expect(roleCodeOf('S8000:G8000:R8000')).toBe('GP_CLINICAL');
    expect(roleCodeOf('S8000:G8001:R8015')).toBe('PCSE');
    expect(roleCodeOf('R8013')).toBe('GP_ADMIN');
  });

  it('finds a recognised job role among several codes, the first listed winning', () => {
    expect(roleCodeOf('S8000:G8000:R8003:R8000')).toBe('GP_CLINICAL');
    expect(roleCodeOf('S8000:G8001:R8015:R8013')).toBe('PCSE');
  });

  it('recognises no other code, nor a group code that merely contains one', () => {
    for (const code of ['S8000:G8000:R8003', '', 'R80130', 'XR8013', 'S8000:G8013', 'r8013']) {
      expect(roleCodeOf(code)).toBeUndefined();
    }
  });
});
