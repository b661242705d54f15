/**
 * A PDS answer (a FHIR R4 `Patient`) as the details the confirmation page shows and the role rules decide on.
 *
 * Untrusted input: the JSON is parsed with zod, and an answer of an unknown shape is a failed look-up, never a
 * half-filled patient. A restricted patient (`meta.security` R or V) comes back without address or postcode, and
 * their address is not even parsed, so no later change can show or log it by accident.
 */
import { formatNhsNumber, parseNhsNumber } from '../../common/nhs-number.js';
import type { PatientDetails, PatientStatus } from '../../common/patient.js';
import type { Result } from '../../common/result.js';
import {
  CONFIDENTIALITY_SYSTEM,
  type FhirAddress,
  type FhirPatient,
  ODS_CODE_SYSTEM,
  fhirAddressSchema,
  fhirPatientSchema,
  isCurrent,
  nhsNumberOf,
} from './fhir-patient.js';

/** A patient as PDS gave them; `replacedNhsNumber` is the number asked for when PDS answered with another. */
export interface MappedPatient {
  readonly patient: PatientDetails;
  readonly replacedNhsNumber?: string;
}

export interface UnreadablePatient {
  readonly code: 'patient-lookup-failed';
  readonly message: string;
  /** For the log: which fields were wrong (paths and zod codes, never values). */
  readonly detail: string;
}

export const UNREADABLE_MESSAGE =
  'The patient look-up (PDS) gave an answer this app cannot read, so the patient could not be confirmed. Try again; if it keeps happening, contact your IT service desk.';

/**
 * `meta.security` codes under which PDS withholds the address: R restricted, V very restricted. REDACTED records are
 * treated the same way: withholding is the safe mistake.
 */
const WITHHELD_CODES: ReadonlySet<string> = new Set(['R', 'V', 'REDACTED']);

/** Maps PDS's answer to `GET /Patient/{requestedNhsNumber}`; `now` decides which names, addresses and GPs are current. */
export function mapPdsPatient(
  body: unknown,
  options: { readonly requestedNhsNumber: string; readonly now: Date },
): Result<MappedPatient, UnreadablePatient> {
  const parsed = fhirPatientSchema.safeParse(body);
  if (!parsed.success) {
    return unreadable(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`).join('; '));
  }
  const resource = parsed.data;
  const nhsNumber = parseNhsNumber(nhsNumberOf(resource) ?? resource.id ?? '');
  if (!nhsNumber.ok) {
    return unreadable(`identifier: no valid NHS number (${nhsNumber.problem})`);
  }
  const today = options.now.toISOString().slice(0, 10);
  const restricted = isRestricted(resource);
  const name = currentName(resource, today);
  const gp = registeredGp(resource, today);
  const deceasedDate = resource.deceasedDateTime?.slice(0, 10) ?? null;
  const address = restricted ? null : homeAddress(resource, today);
  const patient: PatientDetails = {
    nhsNumber: nhsNumber.value,
    name: [name.given, name.family.toUpperCase()].filter((part) => part !== '').join(' '),
    givenName: name.given,
    familyName: name.family,
    birthDate: resource.birthDate ?? null,
    gender: resource.gender ?? null,
    gp,
    status: statusOf(deceasedDate !== null || resource.deceasedBoolean === true, gp),
    deceasedDate,
    restricted,
    address: address === null ? null : oneLine(address),
    postcode: nonEmpty(address?.postalCode) ?? null,
  };
  return {
    ok: true,
    value: nhsNumber.value === options.requestedNhsNumber ? { patient } : { patient, replacedNhsNumber: options.requestedNhsNumber },
  };
}

/** The words for a number PDS merged into another: the patient shown is the same person under their current number. */
export function replacedNumberMessage(requestedNhsNumber: string, currentNhsNumber: string): string {
  return (
    `NHS number ${formatNhsNumber(requestedNhsNumber)} has been replaced by ${formatNhsNumber(currentNhsNumber)}: ` +
    'PDS merged the two records. The details below are under the current number; use it from now on.'
  );
}

function isRestricted(resource: FhirPatient): boolean {
  return (resource.meta?.security ?? []).some(
    (coding) =>
      (coding.system === undefined || coding.system === CONFIDENTIALITY_SYSTEM) && WITHHELD_CODES.has(coding.code?.trim().toUpperCase() ?? ''),
  );
}

function statusOf(deceased: boolean, gp: PatientDetails['gp']): PatientStatus {
  if (deceased) {
    return 'deceased';
  }
  return gp === null ? 'inactive' : 'active';
}

/** The usual name, else the first current one, else the first; given names joined with spaces. */
function currentName(resource: FhirPatient, today: string): { readonly given: string; readonly family: string } {
  const names = resource.name ?? [];
  const current = names.filter((name) => isCurrent(name.period, today));
  const chosen = current.find((name) => name.use === 'usual') ?? current[0] ?? names[0];
  return {
    given: (chosen?.given ?? []).map((given) => given.trim()).filter((given) => given !== '').join(' '),
    family: chosen?.family?.trim() ?? '',
  };
}

/** The practice the patient is registered at now: the first GP entry with an ODS code whose registration has not ended. */
function registeredGp(resource: FhirPatient, today: string): PatientDetails['gp'] {
  const entry = (resource.generalPractitioner ?? []).find(
    ({ identifier }) => identifier?.system === ODS_CODE_SYSTEM && nonEmpty(identifier.value) !== undefined && isCurrent(identifier.period, today),
  );
  const odsCode = nonEmpty(entry?.identifier?.value);
  return odsCode === undefined ? null : { odsCode: odsCode.toUpperCase(), name: nonEmpty(entry?.display) ?? null };
}

/** The current home address, else the first current one; addresses of a shape this app cannot read are passed over. */
function homeAddress(resource: FhirPatient, today: string): FhirAddress | null {
  const addresses = (resource.address ?? []).flatMap((address) => {
    const parsed = fhirAddressSchema.safeParse(address);
    return parsed.success && isCurrent(parsed.data.period, today) ? [parsed.data] : [];
  });
  return addresses.find((address) => address.use === 'home') ?? addresses[0] ?? null;
}

function oneLine(address: FhirAddress): string | null {
  const parts = [...(address.line ?? []), address.city, address.district].flatMap((part) => nonEmpty(part) ?? []);
  return parts.length === 0 ? null : parts.join(', ');
}

function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function unreadable(detail: string): Result<never, UnreadablePatient> {
  return { ok: false, error: { code: 'patient-lookup-failed', message: UNREADABLE_MESSAGE, detail } };
}
