import { parseArgs } from 'node:util';
import { type DocumentReference, type SearchsetBundle, virusScanResultOf } from '../../common/fhir.js';
import { formatNhsNumber } from '../../common/nhs-number.js';
import { type Command, EXIT, nhsNumberArgument, statusLine, tell } from './command.js';

/** `search <nhs-number> [--json]`: lists a patient's documents, or prints the FHIR Bundle with `--json`. */
export const searchCommand: Command = async (args, io, openServices) => {
  const { positionals, values } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  const nhsNumber = nhsNumberArgument(io, positionals, 'Usage: cli search <nhs-number> [--json]');
  if (nhsNumber === undefined) {
    return EXIT.invalidInput;
  }
  const services = await openServices();
  if (services === undefined) {
    return EXIT.failure;
  }
  const status = statusLine(io);
  const result = await services.search(nhsNumber, {
    signal: io.signal,
    onProgress: ({ pagesRead, itemsRead }) => status.update(`Searching… ${pagesRead} pages, ${itemsRead} documents read`),
  });
  status.done();
  if (!result.ok) {
    tell(io, result.error.message);
    return EXIT.failure;
  }
  io.stdout.write(values.json ? `${JSON.stringify(result.value, null, 2)}\n` : describeBundle(nhsNumber, result.value));
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

