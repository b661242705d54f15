import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parsePatientsFile, readPatientsFile } from '../../../main/sandbox/identity/patients-file.js';

const FILE = '/tmp/patients.json';

function patient(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceType: 'Patient',
    identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000093' }],
    name: [{ use: 'usual', given: ['Extra'], family: 'Person' }],
    birthDate: '1999-09-09',
    generalPractitioner: [{ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'B82002' } }],
    ...overrides,
  };
}

function refusal(entries: unknown): string {
  const result = parsePatientsFile(JSON.stringify(entries), FILE);
  if (result.ok) {
    throw new Error('expected the file to be refused');
  }
  expect(result.error.code).toBe('invalid-patients-file');
  return result.error.message;
}

describe('parsePatientsFile accepts FHIR R4 Patients', () => {
  it('keeps every entry, with fields it does not read', () => {
    const restricted = patient({
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000107' }],
      meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }] },
      deceasedDateTime: '2024-01-02T03:04:05+00:00',
      telecom: [{ system: 'phone', value: '0113 496 0000' }],
    });
    const result = parsePatientsFile(JSON.stringify([patient(), restricted]), FILE);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value).toHaveLength(2);
      expect(result.value[1]).toMatchObject({ telecom: [{ value: '0113 496 0000' }], deceasedDateTime: '2024-01-02T03:04:05+00:00' });
    }
  });

  it('accepts a patient with no registered GP and an empty file', () => {
    expect(parsePatientsFile(JSON.stringify([patient({ generalPractitioner: undefined })]), FILE).ok).toBe(true);
    expect(parsePatientsFile('[]', FILE)).toEqual({ ok: true, value: [] });
  });
});

describe('parsePatientsFile refuses a file in one paragraph naming the file, the entry and the field', () => {
  it('refuses text that is not JSON', () => {
    const result = parsePatientsFile('[{', FILE);
    expect(!result.ok && result.error.message).toMatch(/^The patients file \/tmp\/patients\.json cannot be used: it is not valid JSON/);
  });

  it('refuses JSON that is not an array', () => {
    expect(refusal({ resourceType: 'Patient' })).toContain('it holds an object, not an array');
  });

  it('refuses an entry that is not a Patient', () => {
    expect(refusal([patient(), { resourceType: 'Practitioner' }])).toContain('entry 1: field resourceType');
  });

  it('refuses an entry without an NHS number identifier', () => {
    const message = refusal([patient({ identifier: [{ system: 'https://example.org/mrn', value: '123' }] })]);
    expect(message).toContain('entry 0: field identifier has no entry with system https://fhir.nhs.uk/Id/nhs-number');
  });

  it.each(['9990000019', '999 000 0093', '12345'])('refuses the NHS number %j', (value) => {
    const message = refusal([patient({ identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value }] })]);
    expect(message).toContain(`entry 0: field identifier: "${value}" is not a valid NHS number`);
  });

  it('refuses a GP given without an ODS code', () => {
    const message = refusal([patient({ generalPractitioner: [{ identifier: { system: 'https://example.org/gp', value: 'A81001' } }] })]);
    expect(message).toContain('entry 0: field generalPractitioner.0.identifier must have system https://fhir.nhs.uk/Id/ods-organization-code');
  });

  it('refuses a birth date that is not a FHIR date, naming the field', () => {
    const message = refusal([patient(), patient({ identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000107' }], birthDate: '09/09/1999' })]);
    expect(message).toContain('entry 1: field birthDate is not as FHIR R4 defines it (must be a FHIR date: YYYY, YYYY-MM or YYYY-MM-DD)');
  });

  it('refuses a patient without a name', () => {
    expect(refusal([patient({ name: [] })])).toContain('entry 0: field name is missing');
  });

  it('refuses the same NHS number twice', () => {
    expect(refusal([patient(), patient()])).toContain('entries 0 and 1 both have NHS number 9990000093');
  });

  it('says what the file must hold, in one paragraph', () => {
    const message = refusal([patient({ name: [] })]);
    expect(message).not.toContain('\n');
    expect(message).toMatch(/The file must be a JSON array of FHIR R4 Patient resources/);
  });
});

describe('readPatientsFile', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'patients-file-'));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads a file from disk', async () => {
    const file = join(folder, 'patients.json');
    await writeFile(file, JSON.stringify([patient()]));
    const result = await readPatientsFile(file);
    expect(result.ok && result.value).toHaveLength(1);
  });

  it('names a file that is not there', async () => {
    const file = join(folder, 'missing.json');
    const result = await readPatientsFile(file);
    expect(!result.ok && result.error.message).toBe(
      `The patients file ${file} cannot be used: there is no such file. The file must be a JSON array of FHIR R4 Patient resources, each with an identifier of system https://fhir.nhs.uk/Id/nhs-number holding a valid NHS number.`,
    );
  });
});
