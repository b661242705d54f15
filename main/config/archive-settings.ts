import { isAbsolute } from 'node:path';
import { type ConfigError, type Environment, defaultDataDir } from './config.js';

/** What the archive needs from configuration: no AWS setting is read, so it works with every endpoint unreachable. */
export interface ArchiveSettings {
  readonly dataDir: string;
  readonly retentionDays?: number;
}

/** The settings, or the first problem found, named by its variable. */
export type ArchiveSettingsResult = { readonly ok: true; readonly value: ArchiveSettings } | { readonly ok: false; readonly error: ConfigError };

const RETENTION_VARIABLE = 'DOCSTORE_ARCHIVE_RETENTION_DAYS';
const MAX_RETENTION_DAYS = 36_500;

/** Reads DOCSTORE_DATA_DIR (same default as the app's configuration) and DOCSTORE_ARCHIVE_RETENTION_DAYS. */
export function loadArchiveSettings(env: Environment): ArchiveSettingsResult {
  const dataDir = read(env, 'DOCSTORE_DATA_DIR') ?? defaultDataDir(env);
  if (!isAbsolute(dataDir)) {
    return problem('DOCSTORE_DATA_DIR', `DOCSTORE_DATA_DIR has the value "${dataDir}", which is not valid: use an absolute folder path.`);
  }
  const retention = read(env, RETENTION_VARIABLE);
  if (retention === undefined) {
    return { ok: true, value: { dataDir } };
  }
  const days = Number(retention);
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    return problem(RETENTION_VARIABLE, `${RETENTION_VARIABLE} has the value "${retention}", which is not valid: use a whole number of days from 1 to ${MAX_RETENTION_DAYS}.`);
  }
  return { ok: true, value: { dataDir, retentionDays: days } };
}

function problem(variable: string, message: string): ArchiveSettingsResult {
  return { ok: false, error: { variable, message } };
}

function read(env: Environment, variable: string): string | undefined {
  const value = env[variable]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
