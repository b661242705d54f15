import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { checkDigitOf } from '../../common/nhs-number.js';
import { isSecretName, MASK, maskSecrets } from './secrets.js';

/**
 * Masks patient data and credentials before anything is written to the log file or shown as diagnostics.
 *
 * - NHS numbers become `nhs#<8 hex>`: a salted SHA-256 prefix, so the same patient gives the same token on this
 *   computer (the salt is kept once per install in the data folder) and the log alone cannot be reversed.
 * - File names become `file#<8 hex>` plus their extension (`file#1a2b3c4d.pdf`).
 * - Paths in the user's folders (home, temp, save folders) become `…/` and the masked name of their last part.
 *
 * Known fields are masked by name (`redact`); every other string goes through a defensive pass (`text`) that masks
 * any 10-digit run (spaced or hyphenated as 3-3-4 too) passing the Modulus-11 check, and every absolute path outside
 * the app's own code (quoted, under the user's folders, or anywhere else): over-masking is the safe mistake.
 * Credentials go first, by field name (`secretAccessKey`, `password`, …) and in free text (main/logging/secrets.ts).
 */
export interface Redactor {
  /** Masks fields by name, recursively; unknown strings get the defensive pass. Numbers and booleans stay. */
  redact(value: unknown): unknown;
  /** The defensive pass over free text (messages, stack traces, log lines), credentials included. */
  text(value: string): string;
  /** Only the NHS number part of the defensive pass, for text whose paths are meant to be read (diagnostics). */
  maskNhsNumbers(value: string): string;
  nhsNumber(value: string): string;
  fileName(value: string): string;
  path(value: string): string;
}

export interface RedactorOptions {
  /** Secret per install; tokens are stable on one computer and differ between computers. */
  readonly salt: string;
  /** Folders holding the user's own files: a path under one is masked wherever it appears in free text. */
  readonly userRoots?: ReadonlyArray<string>;
  /** Folders of the app's own code, shown as `<app>` so stack traces stay readable without naming the user's folders. */
  readonly codeRoots?: ReadonlyArray<string>;
}

/** Fields holding an NHS number, a file name or a path, whatever the event. */
const NHS_FIELDS: ReadonlySet<string> = new Set(['nhsNumber', 'nhs', 'patient']);
const NAME_FIELDS: ReadonlySet<string> = new Set(['fileName', 'entryName', 'originalName', 'documentName']);
/** Measures that are never NHS numbers, even when ten digits happen to pass the check (a 1.2 GB download). */
const MEASURE_FIELDS: ReadonlySet<string> = new Set(['bytes', 'bytesDone', 'bytesTotal', 'durationMs', 'sizeBytes']);
const PATH_FIELDS: ReadonlySet<string> = new Set(['file', 'path', 'folder', 'saveFolder', 'target', 'zip', 'location']);

const MAX_STRING = 8_000;
const MAX_DEPTH = 6;
// Ten digits, alone or grouped 3-3-4 with spaces or hyphens, not inside a longer run of digits.
const NHS_CANDIDATE = /(?<!\d)(\d{3})[\s-]{0,3}(\d{3})[\s-]{0,3}(\d{4})(?!\d)/g;
// An absolute path in quotes, as Node's file system errors give them: POSIX, drive letter or UNC.
const QUOTED_PATH = /(['"`])((?:\/|[A-Za-z]:[\\/]|\\\\|~[\\/])[^'"`\r\n]*)\1/g;
// Any other absolute path, unquoted, to the end of the line (file names have spaces): not after a word, a URL's "//",
// "<app>" or an already masked "…/".
const UNQUOTED_PATH = /(?<![\w:/\\.…<>~-])(?:\/(?=[^\s/])|[A-Za-z]:\\(?=\S)|\\\\(?=[^\s\\]))[^\r\n'"`]*/g;
const SAFE_EXTENSION = /^\.[A-Za-z0-9]{1,8}$/;

export function createRedactor(options: RedactorOptions): Redactor {
  const token = (kind: string, value: string): string =>
    createHash('sha256').update(`${options.salt}\u0000${kind}\u0000${value}`).digest('hex').slice(0, 8);
  const userFolders = usableRoots(options.userRoots);
  // A code root holding a user folder (a project checked out as the home folder) would unmask that folder: dropped.
  const codeRoots = usableRoots(options.codeRoots).filter((root) => !userFolders.some((folder) => isWithin(folder, root)));
  const userRoots = userFolders.map(rootPattern);

  const nhsNumber = (value: string): string => `nhs#${token('nhs', value.replace(/[\s-]/g, ''))}`;
  const fileName = (value: string): string => {
    const extension = extname(value);
    return `file#${token('file', value)}${SAFE_EXTENSION.test(extension) ? extension.toLowerCase() : ''}`;
  };
  const path = (value: string): string => {
    const parts = value.split(/[\\/]+/).filter((part) => part !== '');
    const last = parts.at(-1);
    return last === undefined ? '…' : `…/${fileName(last)}`;
  };

  function text(value: string): string {
    // Credentials are masked before the cut, so half a secret cannot survive at the end; twice the kept length is
    // enough for that and bounds the work on a huge message.
    const unsecret = maskSecrets(value.slice(0, MAX_STRING * 2));
    const cut = unsecret.length > MAX_STRING || value.length > MAX_STRING * 2;
    let masked = cut ? `${unsecret.slice(0, MAX_STRING)}…(truncated)` : unsecret;
    for (const root of codeRoots) {
      masked = masked.replace(rootPattern(root), '<app>');
    }
    masked = masked.replace(QUOTED_PATH, (_match, quote: string, quoted: string) => `${quote}${path(quoted)}${quote}`);
    for (const root of userRoots) {
      // The rest of the line goes too: file names have spaces, and over-masking is the safe mistake.
      masked = masked.replace(new RegExp(`${root.source}(?:[\\\\/][^\\r\\n'"\`]*)?`, 'gi'), (found) => path(found));
    }
    masked = masked.replace(UNQUOTED_PATH, (found) => path(found));
    return maskNhsNumbers(masked);
  }

  function maskNhsNumbers(value: string): string {
    return value.replace(NHS_CANDIDATE, (found, first: string, second: string, last: string) =>
      isNhsNumber(`${first}${second}${last}`) ? nhsNumber(`${first}${second}${last}`) : found,
    );
  }

  function redactValue(value: unknown, key: string | undefined, depth: number): unknown {
    if (key !== undefined && isSecretName(key) && value !== undefined && value !== null) {
      return MASK;
    }
    if (typeof value === 'string') {
      if (key !== undefined && NHS_FIELDS.has(key)) {
        return nhsNumber(value);
      }
      if (key !== undefined && NAME_FIELDS.has(key)) {
        return fileName(value);
      }
      if (key !== undefined && PATH_FIELDS.has(key)) {
        return path(value);
      }
      return text(value);
    }
    if (typeof value === 'number') {
      const nhs = (key !== undefined && NHS_FIELDS.has(key)) || (!MEASURE_FIELDS.has(key ?? '') && isNhsNumber(String(value)));
      return nhs ? nhsNumber(String(value)) : value;
    }
    if (typeof value === 'boolean' || value === null || value === undefined) {
      return value;
    }
    if (typeof value === 'bigint') {
      return value.toString();
    }
    if (depth >= MAX_DEPTH) {
      return '(nested too deeply)';
    }
    if (value instanceof Error) {
      return redactValue(errorFields(value), key, depth + 1);
    }
    if (Array.isArray(value)) {
      return value.map((item) => redactValue(item, key, depth + 1));
    }
    if (typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redactValue(item, name, depth + 1)]));
    }
    return text(typeof value === 'symbol' ? value.toString() : 'a function');
  }

  return { redact: (value) => redactValue(value, undefined, 0), text, maskNhsNumbers, nhsNumber, fileName, path };
}

/** True for ten digits whose last is the Modulus-11 check digit of the first nine (common/nhs-number.ts). */
export function isNhsNumber(digits: string): boolean {
  return /^\d{10}$/.test(digits) && checkDigitOf(digits.slice(0, 9)) === Number(digits[9]);
}

/** An error as log fields: its name, message, code and stack (the redactor masks them like any other text). */
export function errorFields(error: unknown): Readonly<Record<string, string>> {
  if (!(error instanceof Error)) {
    return { message: String(error) };
  }
  const fields: Record<string, string> = { name: error.name, message: error.message };
  if ('code' in error && (typeof error.code === 'string' || typeof error.code === 'number')) {
    fields.code = String(error.code);
  }
  if (error.stack !== undefined) {
    fields.stack = error.stack;
  }
  return fields;
}

// A filesystem root ("/", "C:\") would mask every path, and a relative one means nothing: both are left out.
function usableRoots(roots: ReadonlyArray<string> | undefined): string[] {
  const cleaned = (roots ?? [])
    .map((root) => root.replace(/[\\/]+$/, ''))
    .filter((root) => {
      const parts = root.split(/[\\/]+/).filter((part) => part !== '');
      return (root.startsWith('/') || /^[A-Za-z]:[\\/]/.test(root) || root.startsWith('\\\\')) && parts.length > 0 && !/^[A-Za-z]:$/.test(parts.join('/'));
    });
  // Longest first, so a folder inside another is matched as itself.
  return [...new Set(cleaned)].sort((a, b) => b.length - a.length);
}

function isWithin(path: string, folder: string): boolean {
  const normalise = (value: string) => value.replace(/[\\/]+/g, '/').toLowerCase();
  const inner = normalise(path);
  const outer = normalise(folder);
  return inner === outer || inner.startsWith(`${outer}/`);
}

// The root as a pattern that accepts either separator (doubled too, as in JSON) and any letter case (Windows).
function rootPattern(root: string): RegExp {
  const source = root
    .split(/[\\/]+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\\\/]+');
  // Not the start of a longer name: "/home/al" must not match "/home/alice".
  return new RegExp(`${source}(?![^\\\\/\\s'"\`:)])`, 'gi');
}
