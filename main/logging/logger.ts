import { randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRedactor, type Redactor } from './redact.js';

/**
 * The app's log for IT: one JSON object a line (`time`, `level`, `event`, `fields`) in
 * `<data folder>/logs/document-store.log`, rotated at about 1 MB with three old files kept (`.1` newest, `.3` oldest).
 *
 * Every line is masked before it is written (main/logging/redact.ts): no NHS number, file name or path in the user's
 * folders reaches the file in plain text. Logging never throws and never writes to stdout or stderr: a log that
 * cannot be written is silently skipped, so the CLI stays quiet and the app keeps working.
 */
export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** The last `count` lines written (already masked), oldest first; from the newest old file too when needed. */
  recentLines(count: number): string[];
  /** The masking the log uses, for other text leaving the app (diagnostics). */
  readonly redactor: Redactor;
  /** The log file; undefined for a logger that writes nowhere. */
  readonly file: string | undefined;
}

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;

export interface LoggerOptions {
  /** Rotate before a line would take the file past this size; about 1 MB unless a test says otherwise. */
  readonly maxBytes?: number;
  /** Old files kept: `.1` … `.keep`. */
  readonly keep?: number;
  /** Extra folders holding the user's files (a save folder outside the home folder); home and temp always count. */
  readonly userRoots?: ReadonlyArray<string>;
  readonly now?: () => Date;
}

export const LOG_FOLDER = 'logs';
export const LOG_FILE_NAME = 'document-store.log';
export const LOG_MAX_BYTES = 1024 * 1024;
export const LOG_KEEP = 3;
/** The per-install salt of the masked tokens, in the data folder (not in logs/, so clearing the logs keeps tokens stable). */
export const SALT_FILE_NAME = 'log-salt';

const TAIL_BYTES = 256 * 1024;
// The app's own code (the repository in development, the app's folder when packaged): shown as <app> in stack traces.
const CODE_ROOT = resolve(import.meta.dirname, '..', '..');

/** Opens the log in `<dataDir>/logs`; creating the folder and the salt on first use. */
export function openLogger(dataDir: string, options: LoggerOptions = {}): Logger {
  const folder = join(dataDir, LOG_FOLDER);
  const file = join(folder, LOG_FILE_NAME);
  const maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
  const keep = options.keep ?? LOG_KEEP;
  const now = options.now ?? (() => new Date());
  const redactor = createRedactor({
    salt: loadSalt(dataDir),
    userRoots: [homedir(), tmpdir(), ...(options.userRoots ?? [])],
    codeRoots: [CODE_ROOT],
  });

  function rotateIfNeeded(incoming: number): void {
    const size = sizeOf(file);
    if (size === 0 || size + incoming <= maxBytes) {
      return;
    }
    removeIfPresent(`${file}.${keep}`);
    for (let index = keep - 1; index >= 1; index -= 1) {
      renameIfPresent(`${file}.${index}`, `${file}.${index + 1}`);
    }
    renameIfPresent(file, `${file}.1`);
  }

  function write(level: LogLevel, event: string, fields: LogFields | undefined): void {
    try {
      const line = `${JSON.stringify({ time: now().toISOString(), level, event: redactor.text(event), fields: redactor.redact(fields ?? {}) })}\n`;
      mkdirSync(folder, { recursive: true });
      rotateIfNeeded(Buffer.byteLength(line));
      appendFileSync(file, line, { mode: 0o600 });
    } catch {
      // A log that cannot be written must not stop a search or a download.
    }
  }

  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
    recentLines(count) {
      const lines = tailLines(file, count);
      return lines.length >= count ? lines : [...tailLines(`${file}.1`, count - lines.length), ...lines];
    },
    redactor,
    file,
  };
}

/** A logger that writes nowhere (tests, and tools that have no data folder). */
export function silentLogger(): Logger {
  return {
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    recentLines: () => [],
    redactor: createRedactor({ salt: randomBytes(16).toString('hex'), userRoots: [homedir(), tmpdir()], codeRoots: [CODE_ROOT] }),
    file: undefined,
  };
}

/**
 * The install's salt: created once (random, readable by this user only) and then read; a data folder that cannot be
 * written gives a salt for this run only, so tokens still mask but do not match across runs.
 */
export function loadSalt(dataDir: string): string {
  const file = join(dataDir, SALT_FILE_NAME);
  return readSalt(file) ?? createSalt(dataDir, file) ?? readSalt(file) ?? randomBytes(32).toString('hex');
}

function readSalt(file: string): string | undefined {
  try {
    const salt = readFileSync(file, 'utf8').trim();
    return /^[0-9a-f]{32,}$/.test(salt) ? salt : undefined;
  } catch {
    return undefined;
  }
}

function createSalt(dataDir: string, file: string): string | undefined {
  try {
    mkdirSync(dataDir, { recursive: true });
    const salt = randomBytes(32).toString('hex');
    // 'wx': of two processes creating it at once (the CLI beside the app) only one wins; the other reads its salt.
    writeFileSync(file, salt, { flag: 'wx', mode: 0o600 });
    return salt;
  } catch {
    return undefined;
  }
}

function tailLines(file: string, count: number): string[] {
  if (count <= 0) {
    return [];
  }
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, 'r');
    const size = statSync(file).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(descriptor, buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    // A read that starts mid-file starts mid-line: drop the partial first line.
    const whole = length < size ? lines.slice(1) : lines;
    return whole.filter((line) => line.trim() !== '').slice(-count);
  } catch {
    return [];
  } finally {
    if (descriptor !== undefined) {
      closeSync(descriptor);
    }
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function removeIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Not there.
  }
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    // Not there.
  }
}
