/**
 * `patient <nhs-number> [--json] [--role <person_roleid>]`: who PDS says the patient is, and whether the signed-in
 * person may see their record; the command-line form of "Confirm this is the right patient". A restricted patient's
 * address is never printed.
 */
import { parseArgs } from 'node:util';
import { formatNhsNumber } from '../../common/nhs-number.js';
import type { PatientLookup, PatientStatus } from '../../common/patient.js';
import { signInToAct } from './cli-sign-in.js';
import { type Command, EXIT, failed, nhsNumberArgument, printJson } from './command.js';

const USAGE = 'Usage: cli patient <nhs-number> [--json] [--role <person_roleid>]';

/** What `patient --json` prints: PDS's answer and the role rules' decision on searching the record. */
export interface PatientSummary {
  readonly nhsNumber: string;
  readonly name: string;
  readonly birthDate: string | null;
  readonly gpOdsCode: string | null;
  readonly status: PatientStatus;
  readonly restricted: boolean;
  /** The person may see this patient's list of documents (`access.maySearch`). */
  readonly allowed: boolean;
  /** Why not, when not allowed. */
  readonly reason?: string;
  /** The number asked for, when PDS answered with the record it was merged into. */
  readonly replacedNhsNumber?: string;
}

export const patientCommand: Command = async (args, io, open) => {
  const { positionals, values } = parseArgs({
    args: [...args],
    options: { json: { type: 'boolean', default: false }, role: { type: 'string' } },
    allowPositionals: true,
  });
  const nhsNumber = nhsNumberArgument(io, positionals, USAGE);
  if (nhsNumber === undefined) {
    return EXIT.invalidInput;
  }
  const opened = await open();
  if (opened === undefined) {
    return EXIT.failure;
  }
  const acting = await signInToAct(opened, io, values.role);
  if (!acting.ok) {
    return acting.exit;
  }
  const found = await opened.services.lookUpPatient(nhsNumber, io.signal);
  if (!found.ok) {
    return failed(io, found.error);
  }
  if (values.json) {
    printJson(io, patientSummary(found.value));
  } else {
    io.stdout.write(describePatient(found.value));
  }
  return EXIT.ok;
};

export function patientSummary({ patient, access, replacedNhsNumber }: PatientLookup): PatientSummary {
  return {
    nhsNumber: patient.nhsNumber,
    name: patient.name,
    birthDate: patient.birthDate,
    gpOdsCode: patient.gp?.odsCode ?? null,
    status: patient.status,
    restricted: patient.restricted,
    allowed: access.maySearch,
    ...(access.maySearch ? {} : { reason: access.reason ?? 'Your role may not see this patient’s record.' }),
    ...(replacedNhsNumber === undefined ? {} : { replacedNhsNumber }),
  };
}

/** A few lines for people: who the patient is, their GP and status, and what the person may do. */
export function describePatient({ patient, access, replacedNhsNumber }: PatientLookup): string {
  const lines = [`${patient.name}  NHS number ${formatNhsNumber(patient.nhsNumber)}`];
  if (replacedNhsNumber !== undefined) {
    lines.push(`(${formatNhsNumber(replacedNhsNumber)} was merged into this record.)`);
  }
  lines.push(`Date of birth: ${patient.birthDate ?? 'not known'}${patient.gender === null ? '' : `   Gender: ${patient.gender}`}`);
  const gp = patient.gp === null ? 'none' : patient.gp.name === null ? patient.gp.odsCode : `${patient.gp.name} (${patient.gp.odsCode})`;
  lines.push(`GP practice: ${gp}`, `Status: ${STATUS_WORDS[patient.status]}${patient.deceasedDate === null ? '' : ` (${patient.deceasedDate})`}`);
  if (patient.restricted) {
    lines.push('Restricted record: the address is not shown.');
  } else if (patient.address !== null) {
    lines.push(`Address: ${[patient.address, patient.postcode].filter((part) => part !== null).join(', ')}`);
  }
  lines.push(accessWords(access));
  return `${lines.join('\n')}\n`;
}

const STATUS_WORDS: Readonly<Record<PatientStatus, string>> = {
  active: 'registered with a GP practice',
  inactive: 'no registered GP',
  deceased: 'deceased',
};

function accessWords(access: PatientLookup['access']): string {
  if (!access.maySearch) {
    return `You may not see this patient’s documents: ${access.reason ?? 'your role does not allow it.'}`;
  }
  return access.mayDownload ? 'You may see and download this patient’s documents.' : `You may see this patient’s documents but not download them. ${access.reason ?? ''}`.trimEnd();
}
