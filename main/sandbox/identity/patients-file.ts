/**
 * `npm run sandbox -- --patients FILE`: a JSON array of FHIR R4 Patients the sandbox's PDS stand-in serves besides
 * its own (a patient with the same NHS number replaces the sandbox's).
 *
 * Each entry must carry an NHS number (identifier system https://fhir.nhs.uk/Id/nhs-number) with a valid check
 * digit; the GP is `generalPractitioner[0].identifier` with system https://fhir.nhs.uk/Id/ods-organization-code,
 * `deceasedDateTime` marks a death and `meta.security` code R of the v3-Confidentiality system a restricted record.
 * A file that breaks a rule is refused with one paragraph naming the file, the entry and the field.
 */
import { readFile } from 'node:fs/promises';
import { parseNhsNumber } from '../../../common/nhs-number.js';
import type { Result } from '../../../common/result.js';
import { type FhirPatient, NHS_NUMBER_SYSTEM, ODS_CODE_SYSTEM, fhirPatientSchema, nhsNumberOf } from '../../patients/fhir-patient.js';

export interface PatientsFileError {
  readonly code: 'invalid-patients-file';
  readonly message: string;
}

const HOW =
  'The file must be a JSON array of FHIR R4 Patient resources, each with an identifier of system https://fhir.nhs.uk/Id/nhs-number holding a valid NHS number.';

/** Reads and checks the file at `path`. */
export async function readPatientsFile(path: string): Promise<Result<ReadonlyArray<FhirPatient>, PatientsFileError>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : 'it could not be read';
    return refuse(path, `${reason}. ${HOW}`);
  }
  return parsePatientsFile(text, path);
}

/** Checks the text of a patients file; `path` only names it in the words of a refusal. */
export function parsePatientsFile(text: string, path: string): Result<ReadonlyArray<FhirPatient>, PatientsFileError> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return refuse(path, `it is not valid JSON (${error instanceof Error ? error.message : String(error)}). ${HOW}`);
  }
  if (!Array.isArray(json)) {
    return refuse(path, `it holds ${describe(json)}, not an array. ${HOW}`);
  }
  const patients: FhirPatient[] = [];
  const seen = new Map<string, number>();
  for (const [index, entry] of json.entries()) {
    const parsed = fhirPatientSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue === undefined || issue.path.length === 0 ? 'the entry' : `field ${issue.path.map(String).join('.')}`;
      return refuse(path, `entry ${index}: ${field} is not as FHIR R4 defines it (${issue?.message ?? 'invalid'}). ${HOW}`);
    }
    const problem = ruleBroken(parsed.data);
    if (problem !== undefined) {
      return refuse(path, `entry ${index}: ${problem}. ${HOW}`);
    }
    const nhsNumber = nhsNumberOf(parsed.data) ?? '';
    const earlier = seen.get(nhsNumber);
    if (earlier !== undefined) {
      return refuse(path, `entries ${earlier} and ${index} both have NHS number ${nhsNumber}; each patient may appear once. ${HOW}`);
    }
    seen.set(nhsNumber, index);
    patients.push(parsed.data);
  }
  return { ok: true, value: patients };
}

function ruleBroken(patient: FhirPatient): string | undefined {
  const identifier = patient.identifier?.find((candidate) => candidate.system === NHS_NUMBER_SYSTEM);
  if (identifier === undefined) {
    return `field identifier has no entry with system ${NHS_NUMBER_SYSTEM}`;
  }
  const nhsNumber = parseNhsNumber(identifier.value ?? '');
  if (!nhsNumber.ok || nhsNumber.value !== identifier.value) {
    return `field identifier: "${identifier.value ?? ''}" is not a valid NHS number (10 digits, no spaces, with a matching check digit)`;
  }
  const gp = patient.generalPractitioner?.[0];
  if (gp !== undefined && (gp.identifier?.system !== ODS_CODE_SYSTEM || !/^[A-Za-z0-9]{3,10}$/u.test(gp.identifier.value ?? ''))) {
    return `field generalPractitioner.0.identifier must have system ${ODS_CODE_SYSTEM} and an ODS code as its value`;
  }
  if (patient.name === undefined || patient.name.length === 0) {
    return 'field name is missing: give at least one name with given and family';
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function refuse(path: string, reason: string): Result<never, PatientsFileError> {
  return { ok: false, error: { code: 'invalid-patients-file', message: `The patients file ${path} cannot be used: ${reason}` } };
}
