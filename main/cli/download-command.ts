/** The CLI's `download` command: saves a patient's documents, every available one or those named, as one verified ZIP. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chosenDocumentIds } from '../../common/channels.js';
import { MAX_CHOSEN_DOCUMENTS } from '../../common/contract.js';
import type { DownloadPhase, DownloadProgress, DownloadSummary } from '../../common/download.js';
import { signInToAct } from './cli-sign-in.js';
import { type Command, EXIT, failed, nhsNumberArgument, printJson, statusLine, tell } from './command.js';

const PHASE_WORDS: Readonly<Record<DownloadPhase, string>> = {
  querying: 'Finding documents',
  zipping: 'Adding documents to the ZIP',
  uploading: 'Finishing the ZIP',
  auditing: 'Recording the download',
  saving: 'Saving',
  verifying: 'Verifying the saved file',
  recordPdf: 'Making the PDF of the record',
};

const USAGE = 'Usage: cli download <nhs-number> --out <folder> [--documents <id>,<id>…] [--record-pdf] [--json] [--role <person_roleid>]';

/**
 * `download <nhs-number> --out <dir> [--documents <id>,<id>…] [--record-pdf] [--json] [--role <person_roleid>]`: saves
 * every available document, or only the documents named (by their ids, as `search --json` gives them), as one verified
 * ZIP. Signed in first (exit 4 when nobody is); a patient the person may not download is exit 5 with the reason.
 * `--record-pdf` also saves one PDF of the whole record beside the ZIP; its path is `recordPdf` in the `--json` output
 * (null when not asked for or not made). A PDF that could not be made is said on stderr and never fails the command:
 * the ZIP is saved.
 */
export const downloadCommand: Command = async (args, io, open) => {
  const { positionals, values } = parseArgs({
    args: [...args],
    // --documents may be repeated: one argument holds at most MAX_ARGUMENT_LENGTH characters, about 100 ids.
    options: {
      out: { type: 'string' },
      documents: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      'record-pdf': { type: 'boolean', default: false },
      role: { type: 'string' },
    },
    allowPositionals: true,
  });
  const nhsNumber = nhsNumberArgument(io, positionals, USAGE, values.out !== undefined);
  if (nhsNumber === undefined || values.out === undefined) {
    return EXIT.invalidInput;
  }
  const documentIds = values.documents === undefined ? undefined : documentIdsOf(values.documents);
  if (documentIds === null) {
    tell(io, `--documents takes from 1 to ${MAX_CHOSEN_DOCUMENTS.toLocaleString('en-GB')} document ids separated by commas, each named once.`);
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
  const status = statusLine(io);
  const result = await opened.services.download({
    nhsNumber,
    documentIds,
    folder: resolve(values.out),
    recordPdf: values['record-pdf'],
    signal: io.signal,
    onProgress: (progress) => status.update(describeProgress(progress)),
  });
  status.done();
  if (!result.ok) {
    return failed(io, result.error);
  }
  const { recordPdf } = result.value;
  if (recordPdf !== undefined && 'problem' in recordPdf) {
    tell(io, recordPdf.problem);
  }
  if (values.json) {
    printJson(io, { ...result.value, recordPdf: recordPdf !== undefined && 'file' in recordPdf ? recordPdf.file : null });
  } else {
    io.stdout.write(describeSummary(result.value));
  }
  return EXIT.ok;
};

/** The ids `--documents` names, as main accepts them, or null when they are not a valid choice. */
function documentIdsOf(given: ReadonlyArray<string>): ReadonlyArray<string> | null {
  const ids = given.flatMap((argument) => argument.split(',')).map((id) => id.trim());
  const parsed = chosenDocumentIds.safeParse(ids);
  return parsed.success ? parsed.data : null;
}

function describeProgress({ phase, documentsDone, documentsTotal, bytesDone, bytesTotal }: DownloadProgress): string {
  const documents = documentsTotal > 0 ? ` ${documentsDone}/${documentsTotal} documents,` : '';
  const bytes = bytesTotal === undefined ? megabytes(bytesDone) : `${megabytes(bytesDone)} of ${megabytes(bytesTotal)}`;
  return `${PHASE_WORDS[phase]}…${documents} ${bytes}`;
}

function describeSummary(summary: DownloadSummary): string {
  const lines = [
    `Saved and verified: ${summary.file}`,
    `${summary.included.length} documents, ${megabytes(summary.bytes)}, SHA-256 ${summary.sha256}`,
  ];
  if (summary.missing.length > 0) {
    lines.push(`Missing (could not be read, not in the ZIP): ${summary.missing.length}`, ...summary.missing.map((document) => `  ${document.fileName}: ${document.error}`));
  }
  if (summary.excluded.length > 0) {
    lines.push(`Not available (left out): ${summary.excluded.length}`, ...summary.excluded.map((document) => `  ${document.fileName}: ${document.reason}`));
  }
  if (summary.recordPdf !== undefined && 'file' in summary.recordPdf) {
    const { file, pages, zipOnly, sha256 } = summary.recordPdf;
    const inZipOnly = zipOnly > 0 ? `, ${zipOnly} ${zipOnly === 1 ? 'document' : 'documents'} in the ZIP only` : '';
    lines.push(`PDF of the record: ${file}`, `${pages} pages${inZipOnly}, SHA-256 ${sha256}`);
  }
  if (summary.archiveProblem !== undefined) {
    lines.push(summary.archiveProblem);
  }
  return `${lines.join('\n')}\n`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
