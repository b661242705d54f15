/**
 * The sandbox's synthetic practices and people: who can sign in to the sandbox's OpenID provider, in which roles.
 *
 * Roles are given as CIS2 gives them (`nhsid_nrbac_roles` entries with colon-separated role codes ending in the
 * job role, such as `S8000:G8000:R8013`), so the app's role mapping is exercised as it will be on CIS2. Everything
 * here is synthetic; `npm run -s cli -- sandbox-users --json` lists it without a running sandbox.
 */
export interface SandboxPractice {
  readonly odsCode: string;
  readonly name: string;
}

/** Two GP practices (organisation role RO76) and the PCSE office. */
export const SANDBOX_ORGANISATIONS = {
  riverside: { odsCode: 'A81001', name: 'Riverside Medical Centre (synthetic)' },
  hillview: { odsCode: 'B82002', name: 'Hillview Surgery (synthetic)' },
  pcse: { odsCode: 'X26PC', name: 'Primary Care Support England (synthetic)' },
} as const satisfies Record<string, SandboxPractice>;

/** One CIS2 role assignment, as an `nhsid_nrbac_roles` entry carries it. */
export interface SandboxRoleAssignment {
  readonly personRoleId: string;
  /** CIS2's colon-separated code: sub-group, group, then the job role (`R8013` GP admin, `R8000` clinical, `R8015` PCSE). */
  readonly cis2RoleCode: string;
  readonly roleName: string;
  readonly odsCode: string;
  readonly orgName: string;
}

export interface SandboxPerson {
  /** The person's CIS2 UUID (`nhsid_useruid`) and the sign-in page's choice. */
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly roles: ReadonlyArray<SandboxRoleAssignment>;
  /** What the person shows in the sandbox, for the sign-in page and README. */
  readonly demonstrates: string;
}

const GP_ADMIN_CODE = 'S8000:G8001:R8013';
const GP_CLINICAL_CODE = 'S8000:G8000:R8000';
const PCSE_CODE = 'S8000:G8001:R8015';
const UNRECOGNISED_CODE = 'S8000:G8000:R8003';

function role(personRoleId: string, cis2RoleCode: string, roleName: string, organisation: SandboxPractice): SandboxRoleAssignment {
  return { personRoleId, cis2RoleCode, roleName, odsCode: organisation.odsCode, orgName: organisation.name };
}

const { riverside, hillview, pcse } = SANDBOX_ORGANISATIONS;

export const SANDBOX_PEOPLE: ReadonlyArray<SandboxPerson> = [
  {
    id: '555000000001',
    givenName: 'Alex',
    familyName: 'Morgan',
    roles: [role('555000000001-1', GP_ADMIN_CODE, 'GP Practice Administrator', riverside)],
    demonstrates: 'GP admin at Riverside: finds and downloads Riverside patients',
  },
  {
    id: '555000000002',
    givenName: 'Priya',
    familyName: 'Shah',
    roles: [role('555000000002-1', GP_CLINICAL_CODE, 'General Medical Practitioner', riverside)],
    demonstrates: 'GP clinician at Riverside: finds Riverside patients, may not download',
  },
  {
    id: '555000000003',
    givenName: 'Sam',
    familyName: 'Taylor',
    roles: [role('555000000003-1', GP_ADMIN_CODE, 'GP Practice Administrator', hillview)],
    demonstrates: 'GP admin at Hillview: finds and downloads Hillview patients',
  },
  {
    id: '555000000004',
    givenName: 'Tom',
    familyName: 'Evans',
    roles: [role('555000000004-1', GP_CLINICAL_CODE, 'General Medical Practitioner', hillview)],
    demonstrates: 'GP clinician at Hillview: finds Hillview patients, may not download',
  },
  {
    id: '555000000005',
    givenName: 'Jordan',
    familyName: 'Lee',
    roles: [role('555000000005-1', PCSE_CODE, 'Primary Care Support Officer', pcse)],
    demonstrates: 'PCSE: finds and downloads patients with no registered GP or who have died',
  },
  {
    id: '555000000006',
    givenName: 'Casey',
    familyName: 'Jones',
    roles: [
      role('555000000006-1', GP_ADMIN_CODE, 'GP Practice Administrator', riverside),
      role('555000000006-2', GP_CLINICAL_CODE, 'General Medical Practitioner', hillview),
    ],
    demonstrates: 'Two roles at two practices: chooses one after signing in',
  },
  {
    id: '555000000007',
    givenName: 'Riley',
    familyName: 'Smith',
    roles: [role('555000000007-1', UNRECOGNISED_CODE, 'Receptionist', riverside)],
    demonstrates: 'A role this app does not recognise: signed in, but may not use the app',
  },
];

export function sandboxPerson(id: string): SandboxPerson | undefined {
  return SANDBOX_PEOPLE.find((person) => person.id === id);
}
