import { arch, release, type } from 'node:os';
import type { ManagedSettingsView } from '../common/managed-settings.js';
import { APP_INFO } from './app-info.js';
import type { Config } from './config/config.js';
import type { AppliedPolicy } from './config/policy.js';
import { managedSettingsText } from './config/policy-sources/managed-settings-view.js';
import type { Logger } from './logging/logger.js';
import { maskSecrets } from './logging/secrets.js';

/** The last log lines "Copy diagnostics" includes. */
export const DIAGNOSTICS_LOG_LINES = 100;

/** The runtime the text reports; the running process's unless a test says otherwise. */
export interface RuntimeInfo {
  readonly electron?: string;
  readonly chrome?: string;
  readonly node: string;
  readonly os: string;
  readonly arch: string;
}

export interface DiagnosticsInput {
  readonly config: Config;
  readonly policy: Pick<AppliedPolicy, 'managed' | 'locked' | 'saveFolder'>;
  readonly builtInSandbox: boolean;
  readonly logger: Logger;
  /** Entries in the local archive index; may throw when the index cannot be read (reported, not fatal). */
  readonly archiveEntries?: () => number;
  /** Audit events waiting in the outbox. */
  readonly pendingAuditEvents: () => Promise<number>;
  /** One line per background trace copy of this run (state, attempts, problem), for IT. */
  readonly traceCopies?: () => ReadonlyArray<string>;
  readonly now?: Date;
  readonly runtime?: RuntimeInfo;
}

/**
 * The "Copy diagnostics" text for the IT service desk: versions, OS, environment, policy, endpoints, the data folder,
 * archive and outbox counts, and the last log lines.
 *
 * It never includes a credential, token or proxy password (nothing is read from the environment here, and URLs lose
 * their user, password and query), and no patient data: the log lines are masked when written and masked again here,
 * and any NHS number or credential left anywhere in the text is masked at the end.
 */
export async function buildDiagnostics(input: DiagnosticsInput): Promise<string> {
  const { config, policy, logger } = input;
  const runtime = input.runtime ?? currentRuntime();
  const archive = countArchive(input.archiveEntries, logger);
  const pending = await input.pendingAuditEvents().then(
    (count) => String(count),
    (error: unknown) => `not available (${logger.redactor.text(error instanceof Error ? error.message : String(error))})`,
  );
  const endpoint = (url: string | undefined) => (url === undefined ? 'AWS default' : `${safeUrl(url)} (configured)`);
  const lines = [
    `${APP_INFO.name} diagnostics`,
    `Generated: ${(input.now ?? new Date()).toISOString()}`,
    '',
    `App version: ${APP_INFO.version}`,
    `Electron: ${runtime.electron ?? 'not running in Electron (web preview or command line)'}`,
    ...(runtime.chrome === undefined ? [] : [`Chromium: ${runtime.chrome}`]),
    `Node.js: ${runtime.node}`,
    `Operating system: ${runtime.os}`,
    `Architecture: ${runtime.arch}`,
    '',
    `Environment: ${config.environment}`,
    `Region: ${config.region}`,
    `Sandbox: ${config.environment === 'sandbox' ? `yes, synthetic data${input.builtInSandbox ? ' (built-in sandbox)' : ''}` : 'no'}`,
    `Managed by policy: ${policy.managed ? 'yes' : 'no'}`,
    `Locked by policy: ${policy.locked.length === 0 ? 'none' : policy.locked.join(', ')}`,
    `Save folder from policy: ${policy.saveFolder === undefined ? 'none' : `${policy.saveFolder.path} (${policy.saveFolder.locked ? 'locked' : 'default, users may change it'})`}`,
    '',
    `DynamoDB endpoint: ${endpoint(config.endpoints.dynamodb)}`,
    `S3 endpoint: ${endpoint(config.endpoints.s3)}`,
    `SQS endpoint: ${endpoint(config.endpoints.sqs)}`,
    `Metadata table: ${config.metadataTable}`,
    `ZIP trace table: ${config.zipTraceTable}`,
    `ZIP bucket: ${config.zipBucket}`,
    `Audit queue: ${'url' in config.auditQueue ? safeUrl(config.auditQueue.url) : `${config.auditQueue.name} (by name)`}`,
    `Proxy: ${config.network.proxyUrl === undefined ? 'none (direct)' : safeUrl(config.network.proxyUrl)}`,
    `CA bundle: ${config.network.caBundlePath ?? 'none'}`,
    `Presigned link lifetime: ${config.presignExpirySeconds} s; trace rows kept ${config.traceTtlDays} days; parallel transfers ${config.maxParallelTransfers}`,
    '',
    `Data folder: ${config.dataDir}`,
    `Log file: ${logger.file ?? 'none'}`,
    `Archive entries: ${archive}`,
    `Audit events waiting to be sent: ${pending}`,
    `Trace copies this run:${traceCopyLines(input.traceCopies).length === 0 ? ' none' : ''}`,
    ...traceCopyLines(input.traceCopies).map((line) => `  ${line}`),
    '',
    `Recent log lines (last ${DIAGNOSTICS_LOG_LINES}, patient data masked):`,
    ...logger.recentLines(DIAGNOSTICS_LOG_LINES).map((line) => logger.redactor.text(line)),
  ];
  // Defence in depth: whatever reached the text above (a path, a bucket name), no NHS number or credential leaves in plain.
  return maskSecrets(logger.redactor.maskNhsNumbers(`${lines.join('\n')}\n`));
}

function traceCopyLines(copies: (() => ReadonlyArray<string>) | undefined): ReadonlyArray<string> {
  return copies?.() ?? [];
}

/** A URL as it may be shown: no user name, password, query or fragment (a proxy's credentials, a presigned signature). */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const hadCredentials = parsed.username !== '' || parsed.password !== '';
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return `${parsed.href}${hadCredentials ? ' (credentials not shown)' : ''}`;
  } catch {
    return '(not a valid URL)';
  }
}

function countArchive(entries: (() => number) | undefined, logger: Logger): string {
  if (entries === undefined) {
    return 'not available';
  }
  try {
    return String(entries());
  } catch (error) {
    return `not available (${logger.redactor.text(error instanceof Error ? error.message : String(error))})`;
  }
}

function currentRuntime(): RuntimeInfo {
  // Set only in Electron; Node's own typings declare every version key as a string.
  const versions: Readonly<Record<string, string | undefined>> = process.versions;
  const electron = versions.electron;
  const chrome = versions.chrome;
  return {
    ...(electron === undefined ? {} : { electron }),
    ...(chrome === undefined ? {} : { chrome }),
    node: process.version,
    os: `${type()} ${release()} (${process.platform})`,
    arch: arch(),
  };
}

/**
 * The diagnostics text with the managed settings page as text at its end (each setting, its value, source and any
 * error), so the IT service desk sees them too. Unchanged without a view (a front that has none).
 */
export function withManagedSettings(text: string, view: ManagedSettingsView | undefined): string {
  if (view === undefined) {
    return text;
  }
  // The view's values were masked when it was made; masked again here, as everything this file puts out is.
  return maskSecrets(`${text}\nManaged settings (name is value [source: where]; ignored values with why):\n${managedSettingsText(view).join('\n')}\n`);
}
