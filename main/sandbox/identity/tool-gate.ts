/**
 * The access gate for the sandbox's own tools (benchmarks, integration tests of the download): one synthetic GP
 * administrator, and every patient registered at their practice, so a job is measured or tested without PDS and
 * sign-in in the way. The app, the preview and the CLI never use it; sign-in and the role rules have tests of their
 * own against the sandbox's provider, STS and PDS stand-ins.
 */
import type { SignedInPerson } from '../../../common/identity.js';
import type { PatientDetails } from '../../../common/patient.js';
import type { AccessGate } from '../../identity/access-gate.js';
import { SANDBOX_ORGANISATIONS } from './sandbox-people.js';

export const TOOL_PERSON: SignedInPerson = {
  id: '555000000001',
  name: 'Alex Morgan',
  role: {
    personRoleId: '555000000001-1',
    roleCode: 'GP_ADMIN',
    roleName: 'GP Practice Administrator',
    odsCode: SANDBOX_ORGANISATIONS.riverside.odsCode,
    orgName: SANDBOX_ORGANISATIONS.riverside.name,
  },
  sessionId: '00000000-0000-4000-8000-000000000001',
};

export function toolGate(person: SignedInPerson = TOOL_PERSON): AccessGate {
  return {
    person: () => ({ ok: true, value: person }),
    decide: (nhsNumber) =>
      Promise.resolve({ allowed: true, person, lookup: { patient: registeredAt(person, nhsNumber), access: { maySearch: true, mayDownload: true }, pdsStatus: 200 } }),
    holdOpen: () => () => undefined,
  };
}

function registeredAt(person: SignedInPerson, nhsNumber: string): PatientDetails {
  return {
    nhsNumber,
    name: 'Synthetic PATIENT',
    givenName: 'Synthetic',
    familyName: 'Patient',
    birthDate: null,
    gender: null,
    gp: { odsCode: person.role.odsCode, name: person.role.orgName },
    status: 'active',
    deceasedDate: null,
    restricted: false,
    address: null,
    postcode: null,
  };
}
