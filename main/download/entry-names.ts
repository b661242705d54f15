/** Longest entry name in code points, whatever the folder; keeps extracted paths well inside Windows' MAX_PATH. */
export const MAX_ENTRY_NAME_LENGTH = 150;

/** Windows' MAX_PATH (260) less its terminating NUL: the longest path Explorer can extract to when long paths are off. */
export const WINDOWS_MAX_PATH_LENGTH = 259;

// Every document must still get a file even when nothing usable is left of its name.
const FALLBACK_STEM = 'document';
const MAX_EXTENSION_LENGTH = 10;

/**
 * The smallest name budget honoured: the fallback stem, a five-digit counter and the longest extension. A folder too
 * deep for that cannot take the extracted files on Windows anyway, so names stay readable instead.
 */
export const MIN_ENTRY_NAME_BUDGET = FALLBACK_STEM.length + '(99999)'.length + '.'.length + MAX_EXTENSION_LENGTH;

/** The ZIP's own metadata file; a document may never take its name. */
export const DEFAULT_RESERVED_NAMES: readonly string[] = ['manifest.json'];

/** What stands in for each character Windows forbids in a name, so the words either side of it are kept. */
const REPLACEMENT_CHARACTER = '-';

// Lone surrogates cannot be encoded as UTF-8, so two different names could collapse to the same U+FFFD entry.
// Bidirectional marks, embeddings, overrides and isolates make "invoice\u202Efdp.exe" show as "invoiceexe.pdf".
const UNSAFE_CHARACTERS = /[<>:"|?*\\/\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Cc}|\p{Cs}/gu;
const TRAILING_DOTS_AND_SPACES = /[\s.]+$/u;
const VALID_EXTENSION = new RegExp(`^[A-Za-z0-9]{1,${MAX_EXTENSION_LENGTH}}$`, 'u');
// Windows still opens the device when the word is followed by spaces, e.g. "NUL .txt".
const DEVICE_NAME_SEGMENT = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])\s*$/iu;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export interface EntryNameOptions {
  /** Names no document may take, ignoring case; `DEFAULT_RESERVED_NAMES` unless given. */
  readonly reservedNames?: readonly string[];
  /**
   * The longest name in UTF-16 code units, as Windows counts a path (see `maxEntryNameLengthFor`); raised to
   * `MIN_ENTRY_NAME_BUDGET` when smaller. `MAX_ENTRY_NAME_LENGTH` applies as well.
   */
  readonly maxNameLength?: number;
}

interface NameParts {
  readonly stem: string;
  /** Includes the leading dot, or is empty. */
  readonly extension: string;
}

/** How much of a stem may be kept, in both of the measures a name is capped by. */
interface Room {
  readonly codePoints: number;
  readonly codeUnits: number;
}

/**
 * The name budget that lets every entry be extracted from the ZIP at `zipPath` by Explorer's "Extract all", whose
 * default destination is a folder beside the ZIP named after it, within MAX_PATH.
 */
export function maxEntryNameLengthFor(zipPath: string): number {
  const extractionFolder = zipPath.replace(/\.zip$/iu, '');
  return WINDOWS_MAX_PATH_LENGTH - extractionFolder.length - '\\'.length;
}

/** Turns an untrusted original file name into one flat name that Windows can extract safely, keeping its words. */
export function sanitiseEntryName(fileName: string, maxNameLength?: number): string {
  // Cutting a name to its budget can expose a new extension (".pdfSS" once an emoji after it is cut), whose stem may
  // then end in a space: sanitising again until nothing changes makes the result a fixed point.
  let name = sanitiseOnce(fileName, maxNameLength);
  for (let pass = 0; pass < MAX_SANITISE_PASSES; pass += 1) {
    const again = sanitiseOnce(name, maxNameLength);
    if (again === name) {
      break;
    }
    name = again;
  }
  return name;
}

// Each pass only removes characters (a device word's marker is added once and never again), so two more suffice.
const MAX_SANITISE_PASSES = 2;

function sanitiseOnce(fileName: string, maxNameLength: number | undefined): string {
  const cleaned = replaceUnsafeCharacters(trimEnds(fileName.normalize('NFC')));
  const { stem, extension } = splitExtension(cleaned);
  return composeName(avoidDeviceName(stem), '', extension, nameBudget(maxNameLength));
}

/** Gives every document a unique, safe entry name in input order, so no ZIP entry overwrites another on extraction. */
export function assignEntryNames(fileNames: readonly string[], options: EntryNameOptions = {}): string[] {
  const reservedNames = options.reservedNames ?? DEFAULT_RESERVED_NAMES;
  const budget = nameBudget(options.maxNameLength);
  const sanitisedNames = fileNames.map((fileName) => sanitiseEntryName(fileName, budget));
  const reserved = new CaseInsensitiveNameSet(reservedNames);
  // Every real name is taken up front so a generated "x(1).pdf" never steals a later document's own name.
  const taken = new CaseInsensitiveNameSet([...reservedNames, ...sanitisedNames]);
  const claimed = new CaseInsensitiveNameSet([]);
  const nextCounters = new Map<string, number>();

  return sanitisedNames.map((name) => {
    if (!reserved.has(name) && !claimed.has(name)) {
      claimed.add(name);
      return name;
    }
    const renamed = nextFreeName(name, taken, nextCounters, budget);
    taken.add(renamed);
    return renamed;
  });
}

function nameBudget(maxNameLength: number | undefined): number {
  return Math.max(maxNameLength ?? Number.POSITIVE_INFINITY, MIN_ENTRY_NAME_BUDGET);
}

function trimEnds(name: string): string {
  return name.trimStart().replace(TRAILING_DOTS_AND_SPACES, '');
}

// Separators are replaced rather than followed: the ZIP is flat, and "12/03/2021" is a date, not a folder.
function replaceUnsafeCharacters(name: string): string {
  return name.replace(UNSAFE_CHARACTERS, REPLACEMENT_CHARACTER);
}

function splitExtension(name: string): NameParts {
  const lastDot = name.lastIndexOf('.');
  const candidate = name.slice(lastDot + 1);
  if (lastDot === -1 || !VALID_EXTENSION.test(candidate)) {
    return { stem: name, extension: '' };
  }
  // A leading-dot name such as ".pdf" is read as an extension with an empty stem, giving "document.pdf".
  return { stem: name.slice(0, lastDot), extension: name.slice(lastDot) };
}

/** Windows treats everything before the first dot as the device name, whatever follows. */
function avoidDeviceName(name: string): string {
  const firstDot = name.indexOf('.');
  const firstSegment = firstDot === -1 ? name : name.slice(0, firstDot);
  const rest = firstDot === -1 ? '' : name.slice(firstDot);
  const device = DEVICE_NAME_SEGMENT.exec(firstSegment);
  return device?.[1] === undefined ? name : `${device[1]}_${rest}`;
}

/** Only the stem is shortened: the counter keeps the name unique and the extension keeps it opening. */
function composeName(stem: string, suffix: string, extension: string, maxNameLength: number): string {
  const ending = `${suffix}${extension}`;
  const room = { codePoints: MAX_ENTRY_NAME_LENGTH - codePointLength(ending), codeUnits: maxNameLength - ending.length };
  const fittedStem = fitStem(stem, room);
  const safeStem = fittedStem === '' ? fitStem(FALLBACK_STEM, room) : fittedStem;
  // Truncation can shorten "CON   x" to "CON", so the device check runs again on the final name.
  return avoidDeviceName(`${safeStem}${ending}`);
}

function fitStem(stem: string, room: Room): string {
  const byGraphemes = takeWhileFits(graphemesOf(stem), room);
  // One oversized cluster (e.g. a letter with hundreds of combining marks) would otherwise leave nothing.
  const kept = byGraphemes === '' ? takeWhileFits(stem, room) : byGraphemes;
  return kept.replace(TRAILING_DOTS_AND_SPACES, '');
}

/** Keeps whole pieces (graphemes, or a string's code points) so emoji and accented letters are never split. */
function takeWhileFits(pieces: Iterable<string>, room: Room): string {
  let kept = '';
  let keptCodePoints = 0;
  for (const piece of pieces) {
    const pieceCodePoints = codePointLength(piece);
    if (keptCodePoints + pieceCodePoints > room.codePoints || kept.length + piece.length > room.codeUnits) {
      break;
    }
    kept += piece;
    keptCodePoints += pieceCodePoints;
  }
  return kept;
}

function* graphemesOf(text: string): Generator<string> {
  for (const { segment } of graphemes.segment(text)) {
    yield segment;
  }
}

function codePointLength(text: string): number {
  return Array.from(text).length;
}

function nextFreeName(
  name: string,
  taken: CaseInsensitiveNameSet,
  nextCounters: Map<string, number>,
  maxNameLength: number,
): string {
  const { stem, extension } = splitExtension(name);
  const counterKey = lowerCaseKey(name);
  let counter = nextCounters.get(counterKey) ?? 1;
  let candidate = composeName(stem, `(${counter})`, extension, maxNameLength);
  while (taken.has(candidate)) {
    counter += 1;
    candidate = composeName(stem, `(${counter})`, extension, maxNameLength);
  }
  nextCounters.set(counterKey, counter + 1);
  return candidate;
}

function lowerCaseKey(name: string): string {
  return name.normalize('NFC').toLowerCase().normalize('NFC');
}

function upperCaseKey(name: string): string {
  return name.normalize('NFC').toUpperCase().normalize('NFC');
}

/** Windows compares names case-insensitively; matching on either case fold errs towards renaming. */
class CaseInsensitiveNameSet {
  readonly #keys = new Set<string>();

  constructor(names: readonly string[]) {
    names.forEach((name) => this.add(name));
  }

  add(name: string): void {
    this.#keys.add(`lower:${lowerCaseKey(name)}`);
    this.#keys.add(`upper:${upperCaseKey(name)}`);
  }

  has(name: string): boolean {
    return this.#keys.has(`lower:${lowerCaseKey(name)}`) || this.#keys.has(`upper:${upperCaseKey(name)}`);
  }
}
