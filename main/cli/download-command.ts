import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DownloadPhase, DownloadProgress, DownloadSummary } from '../../common/download.js';
import { type Command, EXIT, nhsNumberArgument, statusLine, tell } from './command.js';

const PHASE_WORDS: Readonly<Record<DownloadPhase, string>> = {
  querying: 'Finding documents',
  zipping: 'Adding documents to the ZIP',
  uploading: 'Finishing the ZIP',
  auditing: 'Recording the download',
  saving: 'Saving',
  verifying: 'Verifying the saved file',
};

/** `download <nhs-number> --out <dir> [--json]`: saves every available document as one verified ZIP. */
export const downloadCommand: Command = async (args, io, openServices) => {
  const { positionals, values } = parseArgs({
    args: [...args],
    options: { out: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const nhsNumber = nhsNumberArgument(io, positionals, 'Usage: cli download <nhs-number> --out <folder> [--json]', values.out !== undefined);
  if (nhsNumber === undefined || values.out === undefined) {
    return EXIT.invalidInput;
  }
  const services = await openServices();
  if (services === undefined) {
    return EXIT.failure;
  }
  const status = statusLine(io);
  const result = await services.download({
    nhsNumber,
    folder: resolve(values.out),
    signal: io.signal,
    onProgress: (progress) => status.update(describeProgress(progress)),
  });
  status.done();
  if (!result.ok) {
    tell(io, result.error.message);
    if (result.error.code === 'invalid-nhs-number') {
      return EXIT.invalidInput;
    }
    return result.error.code === 'nothing-to-download' ? EXIT.nothingToDownload : EXIT.failure;
  }
  io.stdout.write(values.json ? `${JSON.stringify(result.value, null, 2)}\n` : describeSummary(result.value));
  return EXIT.ok;
};

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
  if (summary.archiveProblem !== undefined) {
    lines.push(summary.archiveProblem);
  }
  return `${lines.join('\n')}\n`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
