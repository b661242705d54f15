/**
 * The role rules: what the signed-in person may do with one patient's record, decided in main from the person's
 * role and organisation and what PDS says about the patient. Pure; the UI only shows what this decides.
 *
 * The rules are the national document repository's (../shared/reference/identity-and-patients.md):
 * - GP_ADMIN: patients registered at the person's own practice (ODS code); search and download.
 * - GP_CLINICAL: the same patients; search only.
 * - PCSE: inactive patients only (no registered GP, or deceased); search and download.
 * A deceased patient is inactive whatever GP PDS still lists, so every record belongs either to one practice or to
 * PCSE, never both. A restricted record follows the same rules; PDS withholds a restricted patient's GP, so such a
 * patient is, as in the national repository, one for PCSE.
 */
import { ROLE_NAMES, type SignedInPerson } from '../../common/identity.js';
import type { PatientAccess, PatientDetails } from '../../common/patient.js';

const PCSE_SCOPE = 'PCSE staff can only see records of patients with no registered GP or who have died.';

/** What `person` may do with `patient`'s record; `reason` says in plain words what is refused and why. */
export function decideAccess(person: SignedInPerson, patient: PatientDetails): PatientAccess {
  const { roleCode } = person.role;
  switch (roleCode) {
    case 'GP_ADMIN':
      return isOwnPracticePatient(person, patient) ? { maySearch: true, mayDownload: true } : notAtYourPractice(person);
    case 'GP_CLINICAL':
      return isOwnPracticePatient(person, patient)
        ? {
            maySearch: true,
            mayDownload: false,
            reason: `Your role (${ROLE_NAMES.GP_CLINICAL}) can view the list of documents but not download them.`,
          }
        : notAtYourPractice(person);
    case 'PCSE':
      return patient.status === 'active' ? refused(PCSE_SCOPE) : { maySearch: true, mayDownload: true };
    default:
      return assertNever(roleCode);
  }
}

/** Registered now (alive, with a GP) at the person's own practice. */
function isOwnPracticePatient(person: SignedInPerson, patient: PatientDetails): boolean {
  return patient.status === 'active' && patient.gp !== null && sameOdsCode(patient.gp.odsCode, person.role.odsCode);
}

// Refuses without saying where the patient is registered, or whether they are registered at all: the person only
// learns that this record is not theirs to see.
function notAtYourPractice(person: SignedInPerson): PatientAccess {
  return refused(
    `This patient is not registered at ${practiceName(person)}. You can only see records of patients registered at your practice.`,
  );
}

function refused(reason: string): PatientAccess {
  return { maySearch: false, mayDownload: false, reason };
}

function practiceName(person: SignedInPerson): string {
  const { orgName, odsCode } = person.role;
  return sameOdsCode(orgName, odsCode) ? odsCode.toUpperCase() : `${orgName} (${odsCode.toUpperCase()})`;
}

// ODS codes are upper-case letters and digits; a token or PDS may give them in another case or with spaces.
function sameOdsCode(first: string, second: string): boolean {
  const normalise = (code: string): string => code.trim().toUpperCase();
  return normalise(first) !== '' && normalise(first) === normalise(second);
}

function assertNever(value: never): never {
  throw new Error(`No role rule for ${String(value)}`);
}
