/**
 * The part of a FHIR R4 `Patient` this app reads, as PDS serves it, and the systems that give its fields meaning.
 *
 * Shared by the PDS mapping (main/patients/patient-mapping.ts), the sandbox's PDS stand-in and its patients file.
 * Unknown fields are kept (a PDS record has many this app never reads); addresses stay unparsed here, because a
 * restricted patient's address must never be read at all: patient-mapping.ts parses one only for an unrestricted
 * patient.
 */
import { z } from 'zod';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_CODE_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const CONFIDENTIALITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
/** PDS's error codes in an OperationOutcome's `issue[].details.coding[]`. */
export const SPINE_ERROR_SYSTEM = 'https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode';

/** FHIR `date`: a year, a year and month, or a full date. */
const FHIR_DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/u;
/** FHIR `dateTime`: a date, optionally with a time and zone. */
const FHIR_DATE_TIME = /^\d{4}(?:-\d{2}(?:-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?)?)?$/u;

const DATE_ERROR = 'must be a FHIR date: YYYY, YYYY-MM or YYYY-MM-DD';
const DATE_TIME_ERROR = 'must be a FHIR dateTime, such as 2024-03-01 or 2024-03-01T09:30:00+00:00';

const periodSchema = z.looseObject({
  start: z.string().regex(FHIR_DATE_TIME, DATE_TIME_ERROR).optional(),
  end: z.string().regex(FHIR_DATE_TIME, DATE_TIME_ERROR).optional(),
});

const identifierSchema = z.looseObject({
  system: z.string().optional(),
  value: z.string().optional(),
  period: periodSchema.optional(),
});

const codingSchema = z.looseObject({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});

const humanNameSchema = z.looseObject({
  use: z.string().optional(),
  given: z.array(z.string()).optional(),
  family: z.string().optional(),
  prefix: z.array(z.string()).optional(),
  period: periodSchema.optional(),
});

const generalPractitionerSchema = z.looseObject({
  identifier: identifierSchema.optional(),
  display: z.string().optional(),
});

export const fhirPatientSchema = z.looseObject({
  resourceType: z.literal('Patient'),
  id: z.string().optional(),
  meta: z.looseObject({ security: z.array(codingSchema).optional() }).optional(),
  identifier: z.array(identifierSchema).optional(),
  name: z.array(humanNameSchema).optional(),
  gender: z.string().optional(),
  birthDate: z.string().regex(FHIR_DATE, DATE_ERROR).optional(),
  deceasedDateTime: z.string().regex(FHIR_DATE_TIME, DATE_TIME_ERROR).optional(),
  deceasedBoolean: z.boolean().optional(),
  // Left unparsed on purpose: see the file's comment.
  address: z.array(z.unknown()).optional(),
  generalPractitioner: z.array(generalPractitionerSchema).optional(),
});

/** A FHIR R4 Patient, as far as this app reads one. */
export type FhirPatient = z.infer<typeof fhirPatientSchema>;
export type FhirPeriod = z.infer<typeof periodSchema>;

export const fhirAddressSchema = z.looseObject({
  use: z.string().optional(),
  line: z.array(z.string()).optional(),
  city: z.string().optional(),
  district: z.string().optional(),
  postalCode: z.string().optional(),
  period: periodSchema.optional(),
});

export type FhirAddress = z.infer<typeof fhirAddressSchema>;

/** The NHS number a Patient carries in `identifier[]` (PDS also gives it as `id`); undefined when it has none. */
export function nhsNumberOf(patient: FhirPatient): string | undefined {
  return patient.identifier?.find((identifier) => identifier.system === NHS_NUMBER_SYSTEM)?.value?.trim();
}

/** Whether something dated by `period` holds on `today` (YYYY-MM-DD); an open end holds. */
export function isCurrent(period: FhirPeriod | undefined, today: string): boolean {
  const start = period?.start?.slice(0, 10);
  const end = period?.end?.slice(0, 10);
  return (start === undefined || start <= today) && (end === undefined || end >= today);
}
