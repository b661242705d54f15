/**
 * What the sandbox's PDS stand-in knows: a FHIR R4 Patient for every seeded patient (main/sandbox/patients.ts), plus
 * numbers that exist only in PDS to show a cancelled number and a merged one. All synthetic.
 *
 * Registrations are chosen so each sandbox person (sandbox-people.ts) has someone to find and someone they may not:
 * most patients at Riverside, one at Hillview, one with no registered GP, one deceased and one restricted.
 */
import { CONFIDENTIALITY_SYSTEM, type FhirPatient, NHS_NUMBER_SYSTEM, ODS_CODE_SYSTEM } from '../../patients/fhir-patient.js';
import { SANDBOX_ORGANISATIONS, type SandboxPractice } from './sandbox-people.js';

/** One line of the sandbox's patient table (README). */
export interface PdsSandboxEntry {
  readonly nhsNumber: string;
  readonly resource: FhirPatient;
  readonly demonstrates: string;
}

interface Demographics {
  readonly nhsNumber: string;
  readonly given: ReadonlyArray<string>;
  readonly family: string;
  readonly gender: 'male' | 'female' | 'other' | 'unknown';
  readonly birthDate: string;
  readonly address: { readonly line: ReadonlyArray<string>; readonly city: string; readonly postalCode: string };
  readonly practice: SandboxPractice | null;
  readonly deceasedDateTime?: string;
  readonly restricted?: true;
}

const { riverside, hillview } = SANDBOX_ORGANISATIONS;

function patient(details: Demographics): FhirPatient {
  return {
    resourceType: 'Patient',
    id: details.nhsNumber,
    meta: {
      versionId: '1',
      security: [
        details.restricted
          ? { system: CONFIDENTIALITY_SYSTEM, code: 'R', display: 'restricted' }
          : { system: CONFIDENTIALITY_SYSTEM, code: 'U', display: 'unrestricted' },
      ],
    },
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: details.nhsNumber }],
    name: [{ use: 'usual', given: [...details.given], family: details.family, period: { start: details.birthDate } }],
    gender: details.gender,
    birthDate: details.birthDate,
    ...(details.deceasedDateTime === undefined ? {} : { deceasedDateTime: details.deceasedDateTime }),
    // Kept for the restricted patient too, although PDS itself withholds it: the app must not show it.
    address: [{ use: 'home', line: [...details.address.line], city: details.address.city, postalCode: details.address.postalCode, period: { start: '2015-04-01' } }],
    ...(details.practice === null
      ? {}
      : {
          generalPractitioner: [
            {
              type: 'Organization',
              identifier: { system: ODS_CODE_SYSTEM, value: details.practice.odsCode, period: { start: '2015-04-01' } },
            },
          ],
        }),
  };
}

/** A Patient resource for each seeded patient, and what each shows. */
export const PDS_SANDBOX_PATIENTS: ReadonlyArray<PdsSandboxEntry> = [
  {
    nhsNumber: '9990000018',
    demonstrates: 'registered at Riverside',
    resource: patient({
      nhsNumber: '9990000018',
      given: ['Amelia', 'Rose'],
      family: 'Hartley',
      gender: 'female',
      birthDate: '1984-03-14',
      address: { line: ['12 Willow Court', 'Riverside'], city: 'Leeds', postalCode: 'LS1 4AP' },
      practice: riverside,
    }),
  },
  {
    nhsNumber: '9990000026',
    demonstrates: 'registered at Riverside',
    resource: patient({
      nhsNumber: '9990000026',
      given: ['Oliver'],
      family: "O'Connell-Ward",
      gender: 'male',
      birthDate: '1957-11-02',
      address: { line: ['Flat 3', '41 Canal Street'], city: 'Leeds', postalCode: 'LS2 7EQ' },
      practice: riverside,
    }),
  },
  {
    nhsNumber: '9990000034',
    demonstrates: 'registered at Hillview',
    resource: patient({
      nhsNumber: '9990000034',
      given: ['Zoë'],
      family: 'Müller',
      gender: 'female',
      birthDate: '1972-06-30',
      address: { line: ['7 Hill Rise'], city: 'Bradford', postalCode: 'BD9 4RT' },
      practice: hillview,
    }),
  },
  {
    nhsNumber: '9990000042',
    demonstrates: 'no registered GP (for PCSE)',
    resource: patient({
      nhsNumber: '9990000042',
      given: ['Daniel'],
      family: 'Okafor',
      gender: 'male',
      birthDate: '1991-09-21',
      address: { line: ['88 Station Road'], city: 'Wakefield', postalCode: 'WF1 2BN' },
      practice: null,
    }),
  },
  {
    nhsNumber: '9990000050',
    demonstrates: 'deceased, Riverside still listed as GP (for PCSE)',
    resource: patient({
      nhsNumber: '9990000050',
      given: ['Margaret', 'Ellen'],
      family: 'Whitfield',
      gender: 'female',
      birthDate: '1931-01-08',
      address: { line: ['2 Church Walk'], city: 'Leeds', postalCode: 'LS6 3HT' },
      practice: riverside,
      deceasedDateTime: '2025-10-17T08:15:00+00:00',
    }),
  },
  {
    nhsNumber: '9990000069',
    demonstrates: 'restricted (address withheld), registered at Riverside',
    resource: patient({
      nhsNumber: '9990000069',
      given: ['Sam'],
      family: 'Rivers',
      gender: 'other',
      birthDate: '2001-12-25',
      address: { line: ['Refuge address — must never be shown'], city: 'Leeds', postalCode: 'LS99 9ZZ' },
      practice: riverside,
      restricted: true,
    }),
  },
];

/** Numbers PDS has cancelled without a replacement: 404 with INVALIDATED_RESOURCE, as PDS answers. */
export const PDS_INVALIDATED_NUMBERS: ReadonlyArray<string> = ['9990000077'];

/** Numbers merged into another record: PDS answers with the surviving patient. */
export const PDS_MERGED_NUMBERS: Readonly<Record<string, string>> = { '9990000085': '9990000018' };
