import { isAbsolute } from 'node:path';
import { type ConfigError, type Environment, defaultDataDir } from './config.js';
import { readVariable } from './variables.js';

/** What the archive needs from configuration: no AWS setting is read, so it works with every endpoint unreachable. */
export interface ArchiveSettings {
  readonly dataDir: string;
  readonly retentionDays?: number;
  /** Documents larger than this are not shown in the app (the archive's default when absent). */
  readonly maxViewBytes?: number;
  /** The organisation's choice: saved records may be reviewed only by someone signed in (offline review is lost). */
  readonly requiresSignIn: boolean;
}

/** The settings, or the first problem found, named by its variable. */
export type ArchiveSettingsResult = { readonly ok: true; readonly value: ArchiveSettings } | { readonly ok: false; readonly error: ConfigError };

const RETENTION_VARIABLE = 'DOCSTORE_ARCHIVE_RETENTION_DAYS';
const MAX_RETENTION_DAYS = 36_500;
const VIEW_LIMIT_VARIABLE = 'DOCSTORE_MAX_VIEW_MB';
const MAX_VIEW_MEGABYTES = 2_048;
const SIGN_IN_VARIABLE = 'DOCSTORE_ARCHIVE_REQUIRES_SIGN_IN';

/** Reads DOCSTORE_DATA_DIR (same default as the app's configuration), DOCSTORE_ARCHIVE_RETENTION_DAYS and DOCSTORE_MAX_VIEW_MB. */
export function loadArchiveSettings(env: Environment): ArchiveSettingsResult {
  const dataDir = readVariable(env, 'DOCSTORE_DATA_DIR') ?? defaultDataDir(env);
  if (!isAbsolute(dataDir)) {
    return problem('DOCSTORE_DATA_DIR', `DOCSTORE_DATA_DIR has the value "${dataDir}", which is not valid: use an absolute folder path.`);
  }
  const retention = readWhole(env, RETENTION_VARIABLE, MAX_RETENTION_DAYS, 'days');
  if (!retention.ok) {
    return retention;
  }
  const viewLimit = readWhole(env, VIEW_LIMIT_VARIABLE, MAX_VIEW_MEGABYTES, 'megabytes');
  if (!viewLimit.ok) {
    return viewLimit;
  }
  const requiresSignIn = readVariable(env, SIGN_IN_VARIABLE) ?? 'false';
  if (requiresSignIn !== 'true' && requiresSignIn !== 'false') {
    return problem(SIGN_IN_VARIABLE, `${SIGN_IN_VARIABLE} has the value "${requiresSignIn}", which is not valid: use true or false.`);
  }
  return {
    ok: true,
    value: {
      dataDir,
      requiresSignIn: requiresSignIn === 'true',
      ...(retention.value === undefined ? {} : { retentionDays: retention.value }),
      ...(viewLimit.value === undefined ? {} : { maxViewBytes: viewLimit.value * 1024 * 1024 }),
    },
  };
}

function readWhole(env: Environment, variable: string, max: number, unit: string): { readonly ok: true; readonly value?: number } | ArchiveSettingsFailure {
  const raw = readVariable(env, variable);
  if (raw === undefined) {
    return { ok: true };
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    return problem(variable, `${variable} has the value "${raw}", which is not valid: use a whole number of ${unit} from 1 to ${max}.`);
  }
  return { ok: true, value };
}

type ArchiveSettingsFailure = Extract<ArchiveSettingsResult, { readonly ok: false }>;

function problem(variable: string, message: string): ArchiveSettingsFailure {
  return { ok: false, error: { variable, message } };
}
