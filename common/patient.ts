/**
 * A patient as PDS describes them and what the signed-in person may do with their record: what the confirmation
 * page shows and main enforces. Runtime-neutral.
 */

/** registered at a GP practice; `inactive`: no registered GP; `deceased`: PDS gives a date of death. */
export type PatientStatus = 'active' | 'inactive' | 'deceased';

export interface PatientDetails {
  readonly nhsNumber: string;
  /** The usual name as "Given FAMILY" (PDS `name[]` with use `usual`, else the first current one). */
  readonly name: string;
  readonly givenName: string;
  readonly familyName: string;
  /** ISO date (YYYY-MM-DD), or null when PDS gives none. */
  readonly birthDate: string | null;
  /** FHIR administrative gender: male, female, other, unknown; null when PDS gives none. */
  readonly gender: string | null;
  /** The registered GP practice; null when the patient has no registered GP. */
  readonly gp: { readonly odsCode: string; readonly name: string | null } | null;
  readonly status: PatientStatus;
  /** ISO date of death when deceased. */
  readonly deceasedDate: string | null;
  /** `meta.security` R or V: the address is withheld, never shown or logged. */
  readonly restricted: boolean;
  /** One line of the home address; null when restricted or PDS gives none. */
  readonly address: string | null;
  /** Postcode of that address; null when restricted or absent. */
  readonly postcode: string | null;
}

/** What the signed-in person may do with this patient's record, decided in main by the role rules. */
export interface PatientAccess {
  readonly maySearch: boolean;
  readonly mayDownload: boolean;
  /** Plain words for a refusal (search or download); absent when both are allowed. */
  readonly reason?: string;
}

/** The answer to "find this patient": who PDS says they are and what this person may do. */
export interface PatientLookup {
  readonly patient: PatientDetails;
  readonly access: PatientAccess;
  /** Set when the number typed was merged into another: `patient.nhsNumber` is the surviving number. */
  readonly replacedNhsNumber?: string;
}
