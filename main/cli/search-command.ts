import { parseArgs } from 'node:util';
import { type DocumentReference, type SearchsetBundle, virusScanResultOf } from '../../common/fhir.js';
import { formatNhsNumber } from '../../common/nhs-number.js';
import { signInToAct } from './cli-sign-in.js';
import { type Command, EXIT, failed, nhsNumberArgument, printJson, statusLine } from './command.js';

/**
 * `search <nhs-number> [--json] [--role <person_roleid>]`: lists a patient's documents, or prints the FHIR Bundle with
 * `--json`. Signed in first (exit 4 when nobody is); a patient the person may not see is exit 5 with the reason.
 */
export const searchCommand: Command = async (args, io, open) => {
  const { positionals, values } = parseArgs({
    args: [...args],
    options: { json: { type: 'boolean', default: false }, role: { type: 'string' } },
    allowPositionals: true,
  });
  const nhsNumber = nhsNumberArgument(io, positionals, 'Usage: cli search <nhs-number> [--json] [--role <person_roleid>]');
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
  const status = statusLine(io);
  const result = await opened.services.search(nhsNumber, {
    signal: io.signal,
    onProgress: ({ pagesRead, itemsRead }) => status.update(`Searching… ${pagesRead} pages, ${itemsRead} documents read`),
  });
  status.done();
  if (!result.ok) {
    return failed(io, result.error);
  }
  if (values.json) {
    printJson(io, result.value);
  } else {
    io.stdout.write(describeBundle(nhsNumber, result.value));
  }
  return EXIT.ok;
};

function describeBundle(nhsNumber: string, bundle: SearchsetBundle): string {
  const resources = (bundle.entry ?? []).map((entry) => entry.resource);
  const available = resources.filter((resource) => virusScanResultOf(resource) === 'Clean');
  const unavailable = resources.filter((resource) => virusScanResultOf(resource) !== 'Clean');
  const lines = [`NHS number ${formatNhsNumber(nhsNumber)} (list fetched ${bundle.timestamp})`];
  if (resources.length === 0) {
    lines.push('There are no documents available for this patient.');
  }
  if (available.length > 0) {
    lines.push(`List of documents available (${available.length}):`, ...available.map(describeDocument));
  }
  if (unavailable.length > 0) {
    lines.push(
      `List of documents not available (${unavailable.length}):`,
      ...unavailable.map((resource) => `${describeDocument(resource)}  [virus scan: ${virusScanResultOf(resource)}]`),
    );
  }
  return `${lines.join('\n')}\n`;
}

function describeDocument(resource: DocumentReference): string {
  const uploaded = resource.date?.slice(0, 16).replace('T', ' ') ?? 'unknown date    ';
  return `  ${uploaded}  ${resource.description}`;
}

