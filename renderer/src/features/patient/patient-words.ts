/**
 * A PDS patient in the words the confirmation page shows: status, gender and GP practice. Pure, so each rule can be
 * tested on its own.
 */
import type { PatientDetails } from '../../../../common/patient.js';
import { assertNever } from '../../shared/assert-never.js';
import { formatCalendarDate, NOT_RECORDED } from '../../shared/format.js';

export const NO_REGISTERED_GP = 'No registered GP';
export const ADDRESS_WITHHELD = "Address withheld: this patient's record is restricted.";

/** "Registered", "No registered GP", "Deceased (3 March 2020)". */
export function describeStatus(patient: PatientDetails): string {
  switch (patient.status) {
    case 'active':
      return 'Registered';
    case 'inactive':
      return NO_REGISTERED_GP;
    case 'deceased':
      return patient.deceasedDate === null ? 'Deceased' : `Deceased (${formatCalendarDate(patient.deceasedDate)})`;
    default:
      return assertNever(patient.status);
  }
}

const GENDERS: Readonly<Record<string, string>> = { male: 'Male', female: 'Female', other: 'Other', unknown: 'Unknown' };

/** FHIR administrative gender in words; "Not recorded" when PDS gives none. */
export function describeGender(gender: string | null): string {
  return gender === null ? NOT_RECORDED : (GENDERS[gender.toLowerCase()] ?? gender);
}

/** "Riverside Surgery (A12345)", the ODS code alone when PDS names no practice, or "No registered GP". */
export function describeGpPractice(gp: PatientDetails['gp']): string {
  if (gp === null) {
    return NO_REGISTERED_GP;
  }
  return gp.name === null ? gp.odsCode : `${gp.name} (${gp.odsCode})`;
}
