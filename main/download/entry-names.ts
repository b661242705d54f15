/** Longest entry name in code points; keeps extracted paths well inside Windows' 260-character MAX_PATH. */
export const MAX_ENTRY_NAME_LENGTH = 150;

// Every document must still get a file even when nothing usable is left of its name.
const FALLBACK_STEM = 'document';

/** The ZIP's own metadata file; a document may never take its name. */
export const DEFAULT_RESERVED_NAMES: readonly string[] = ['manifest.json'];

const PATH_SEPARATORS = /[\\/]/u;
// Lone surrogates cannot be encoded as UTF-8, so two different names could collapse to the same U+FFFD entry.
const UNSAFE_CHARACTERS = /[<>:"|?*]|\p{Cc}|\p{Cs}/gu;
const TRAILING_DOTS_AND_SPACES = /[\s.]+$/u;
const VALID_EXTENSION = /^[A-Za-z0-9]{1,10}$/u;
// Windows still opens the device when the word is followed by spaces, e.g. "NUL .txt".
const DEVICE_NAME_SEGMENT = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])\s*$/iu;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

interface NameParts {
  readonly stem: string;
  /** Includes the leading dot, or is empty. */
  readonly extension: string;
}

/** Turns an untrusted original file name into one flat name that Windows can extract safely. */
export function sanitiseEntryName(fileName: string): string {
  const cleaned = replaceUnsafeCharacters(trimEnds(lastPathSegment(fileName.normalize('NFC'))));
  const { stem, extension } = splitExtension(cleaned);
  return composeName(avoidDeviceName(stem), '', extension);
}

/** Gives every document a unique, safe entry name in input order, so no ZIP entry overwrites another on extraction. */
export function assignEntryNames(
  fileNames: readonly string[],
  reservedNames: readonly string[] = DEFAULT_RESERVED_NAMES,
): string[] {
  const sanitisedNames = fileNames.map(sanitiseEntryName);
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
    const renamed = nextFreeName(name, taken, nextCounters);
    taken.add(renamed);
    return renamed;
  });
}

// The folder part means nothing in a flat ZIP; blank segments are skipped so "report.pdf/" keeps its name.
function lastPathSegment(path: string): string {
  const segments = path.split(PATH_SEPARATORS).filter((segment) => segment.trim() !== '');
  return segments.at(-1) ?? '';
}

function trimEnds(name: string): string {
  return name.trimStart().replace(TRAILING_DOTS_AND_SPACES, '');
}

function replaceUnsafeCharacters(name: string): string {
  return name.replace(UNSAFE_CHARACTERS, '_');
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

function composeName(stem: string, suffix: string, extension: string): string {
  const room = MAX_ENTRY_NAME_LENGTH - codePointLength(suffix) - codePointLength(extension);
  const trimmedStem = truncateToCodePoints(stem, room).replace(TRAILING_DOTS_AND_SPACES, '');
  const safeStem = trimmedStem === '' ? FALLBACK_STEM : trimmedStem;
  // Truncation can shorten "CON   x" to "CON", so the device check runs again on the final name.
  return avoidDeviceName(`${safeStem}${suffix}${extension}`);
}

/** Cuts at grapheme boundaries so emoji and accented letters are never split. */
function truncateToCodePoints(text: string, limit: number): string {
  if (codePointLength(text) <= limit) {
    return text;
  }
  let kept = '';
  let keptLength = 0;
  for (const { segment } of graphemes.segment(text)) {
    const segmentLength = codePointLength(segment);
    if (keptLength + segmentLength > limit) {
      break;
    }
    kept += segment;
    keptLength += segmentLength;
  }
  // One oversized cluster (e.g. a letter with hundreds of combining marks) would otherwise leave nothing.
  return kept === '' ? Array.from(text).slice(0, limit).join('') : kept;
}

function codePointLength(text: string): number {
  return Array.from(text).length;
}

function nextFreeName(
  name: string,
  taken: CaseInsensitiveNameSet,
  nextCounters: Map<string, number>,
): string {
  const { stem, extension } = splitExtension(name);
  const counterKey = lowerCaseKey(name);
  let counter = nextCounters.get(counterKey) ?? 1;
  let candidate = composeName(stem, `(${counter})`, extension);
  while (taken.has(candidate)) {
    counter += 1;
    candidate = composeName(stem, `(${counter})`, extension);
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
