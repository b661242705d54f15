import { parseArgs } from 'node:util';
import type { ArchiveEntryView } from '../../common/archive.js';
import { ArchiveError } from '../archive/archive-error.js';
import { type ArchiveIndex, openArchiveIndex } from '../archive/archive-index.js';
import { loadArchiveSettings } from '../config/archive-settings.js';
import { describeImport, describeList, describeVerification } from '../archive/archive-text.js';
import { importZip } from '../archive/import-zip.js';
import type { IndexStoreFactory } from '../archive/index-file.js';
import { confIndexStore } from '../archive/conf-index-store.js';
import type { Environment } from '../config/config.js';
import { type Command, type CommandIo, EXIT, nhsNumberOf, statusLine, tell } from './command.js';

const USAGE = `Usage: cli archive list [--nhs <nhs-number>] [--json]
       cli archive verify <id>|--all [--json]
       cli archive add <zip> [--json]`;

/** Opens the index once the input is valid; undefined when it cannot be opened (already told). */
type OpenIndex = () => ArchiveIndex | undefined;
type Subcommand = (args: string[], io: CommandIo, openIndex: OpenIndex) => Promise<number> | number;

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = { list, verify, add };

/** What the archive command reads: the environment, and (for tests) the index's store. */
export interface ArchiveCommandOptions {
  readonly env: Environment;
  /** The index's store; conf in the data folder unless a test says otherwise. */
  readonly store?: (dataDir: string) => IndexStoreFactory;
}

/**
 * `archive list|verify|add`: the local archive of saved ZIPs. It needs only the data folder: it never opens the AWS
 * backend, so it works with every endpoint unreachable.
 */
export function createArchiveCommand({ env, store = confIndexStore }: ArchiveCommandOptions): Command {
  return async (args, io) => {
    const [name, ...rest] = args;
    const subcommand = name === undefined ? undefined : SUBCOMMANDS[name];
    if (subcommand === undefined) {
      tell(io, USAGE);
      return EXIT.invalidInput;
    }
    let index: ArchiveIndex | undefined;
    const openIndex: OpenIndex = () => {
      const settings = loadArchiveSettings(env);
      if (!settings.ok) {
        tell(io, settings.error.message);
        return undefined;
      }
      index = openArchiveIndex({ store: store(settings.value.dataDir), retentionDays: settings.value.retentionDays });
      return index;
    };
    try {
      return await subcommand(rest, io, openIndex);
    } catch (error) {
      if (error instanceof ArchiveError) {
        tell(io, error.message);
        return EXIT.failure;
      }
      throw error;
    } finally {
      if (index?.recovered) {
        tell(io, index.recovered.message);
      }
    }
  };
}

function list(args: string[], io: CommandIo, openIndex: OpenIndex): number {
  const { positionals, values } = parseArgs({ args, options: { nhs: { type: 'string' }, json: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length > 0) {
    tell(io, USAGE);
    return EXIT.invalidInput;
  }
  const nhsNumber = values.nhs === undefined ? undefined : nhsNumberOf(values.nhs);
  if (nhsNumber?.ok === false) {
    tell(io, nhsNumber.message);
    return EXIT.invalidInput;
  }
  const index = openIndex();
  if (index === undefined) {
    return EXIT.failure;
  }
  const views = index.list({ nhsNumber: nhsNumber?.value });
  io.stdout.write(values.json ? json(views) : describeList(views));
  return EXIT.ok;
}

async function verify(args: string[], io: CommandIo, openIndex: OpenIndex): Promise<number> {
  const { positionals, values } = parseArgs({ args, options: { all: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } }, allowPositionals: true });
  const id = positionals[0];
  if (positionals.length > 1 || (id === undefined) === !values.all) {
    tell(io, USAGE);
    return EXIT.invalidInput;
  }
  const index = openIndex();
  if (index === undefined) {
    return EXIT.failure;
  }
  const views = id === undefined ? await verifyAll(index, io) : await verifyOne(index, id, io);
  if (views === undefined) {
    return EXIT.invalidInput;
  }
  io.stdout.write(values.json ? json(views) : describeVerification(views));
  if (views.some((view) => view.status !== 'verified')) {
    tell(io, 'Some ZIPs in the archive have changed or are missing.');
    return EXIT.failure;
  }
  return EXIT.ok;
}

async function verifyAll(index: ArchiveIndex, io: CommandIo): Promise<ArchiveEntryView[]> {
  const status = statusLine(io);
  const views = await index.verifyAll({ signal: io.signal, onProgress: (done, total) => status.update(`Verifying ${done}/${total}…`) });
  status.done();
  return views;
}

async function verifyOne(index: ArchiveIndex, idOrPrefix: string, io: CommandIo): Promise<ArchiveEntryView[] | undefined> {
  const matches = index.list().filter(({ entry }) => entry.id === idOrPrefix || (idOrPrefix.length >= 8 && entry.id.startsWith(idOrPrefix)));
  const match = matches.length === 1 ? matches[0] : undefined;
  if (match === undefined) {
    tell(io, matches.length === 0 ? `No ZIP in the archive has the id ${idOrPrefix}. See the ids with: cli archive list` : `More than one ZIP has an id starting ${idOrPrefix}; give more of it.`);
    return undefined;
  }
  return [await index.verify(match.entry.id, io.signal)];
}

async function add(args: string[], io: CommandIo, openIndex: OpenIndex): Promise<number> {
  const { positionals, values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  const file = positionals[0];
  if (positionals.length !== 1 || file === undefined) {
    tell(io, USAGE);
    return EXIT.invalidInput;
  }
  const index = openIndex();
  if (index === undefined) {
    return EXIT.failure;
  }
  const imported = await importZip(index, file, io.signal);
  io.stdout.write(values.json ? json(imported) : describeImport(imported));
  if (imported.listing.manifest?.verified === false) {
    tell(io, 'The ZIP was added, but it does not match its own manifest.');
    return EXIT.failure;
  }
  return EXIT.ok;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
