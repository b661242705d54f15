/**
 * The one composition root: configuration → log → backend (sandbox, credentials, clients) → archive → sweep of
 * interrupted jobs → services.
 *
 * The app (main/index.ts), the web preview (main/web/serve.ts) and the CLI (main/cli.ts) build everything through
 * these steps and add only their own front: the window and IPC, the HTTP bridge, the commands. Each step is a small
 * function, as in Electron Fiddle's `setupX()`, so a front stops after the steps it needs: the CLI's archive command
 * never opens the backend and works offline.
 */
import type { Result } from '../../common/result.js';
import type { ArchiveIndex } from '../archive/archive-index.js';
import { openArchiveIndex } from '../archive/archive-index.js';
import { confStoreIn } from '../archive/conf-index-store.js';
import { indexStoreFactory, type OpenStoreIn } from '../archive/index-store.js';
import { loadArchiveSettings } from '../config/archive-settings.js';
import type { Environment } from '../config/config.js';
import { processEnvironment } from '../config/environment.js';
import { type Policy, policyEnvironment, readPolicySources, type SettingOrigin } from '../config/policy.js';
import { managedSettingsView } from '../config/policy-sources/managed-settings-view.js';
import type { ManagedSettingsView } from '../../common/managed-settings.js';
import { sweepInterruptedJobs } from '../jobs/sweep-interrupted-jobs.js';
import { logAppStart, type Shell } from '../logging/app-start.js';
import { type Logger, openLogger, silentLogger } from '../logging/logger.js';
import { type AppServices, createAppServices } from '../services.js';
import { type Backend, setupBackend } from './backend.js';
import type { SignInFront } from './identity.js';

/** How a front starts: where its settings come from. Every field has the ordinary default. */
export interface SetupOptions {
  /** The variables to read; the process environment unless a test passes its own. */
  readonly env?: Environment;
  readonly platform?: NodeJS.Platform;
  /** The data folder when DOCSTORE_DATA_DIR is unset: Electron's userData in the app, the OS's default elsewhere. */
  readonly defaultDataDir?: string;
  /** DOCSTORE_POLICY_FILE may name another policy file: for development and tests, never in the packaged app. */
  readonly allowPolicyPathOverride?: boolean;
  /** False in the packaged app, which ships no emulators: unconfigured, it says it has not been set up. */
  readonly sandboxShipped?: boolean;
  /** How this front opens the sign-in page and keeps a refresh token; without it nobody can sign in. */
  readonly signIn?: SignInFront;
}

/** What a run starts from, read once: the variables and the machine policy (or why the policy cannot be used). */
export interface StartupConfig {
  readonly env: Environment;
  readonly policy: Policy | undefined;
  /** The variables with the policy's values written over them: what the log and the local archive read. */
  readonly effectiveEnv: Environment;
  /** Set when the policy file is present but unusable: the front must not go on (see readPolicy). */
  readonly problem?: string;
  /** What was ignored on the way (an untrusted file, an unknown setting, an overridden variable): logged, shown by doctor. */
  readonly policyWarnings: ReadonlyArray<string>;
  /** Every value each policy source (registry, profile, file) holds, with any per-setting error: the managed settings page. */
  readonly policyOrigins?: ReadonlyArray<SettingOrigin>;
}

/** Why a front cannot start, in words for the person starting it. */
export interface SetupError {
  readonly code: 'invalid-config';
  readonly message: string;
}

/** Step 1: the environment and the machine policy. Never throws; an unusable policy is reported in `problem`. */
export async function setupConfig(options: SetupOptions = {}): Promise<StartupConfig> {
  const given = options.env ?? processEnvironment();
  const env = given.DOCSTORE_DATA_DIR === undefined && options.defaultDataDir !== undefined ? { ...given, DOCSTORE_DATA_DIR: options.defaultDataDir } : given;
  const policyWarnings: string[] = [];
  const { policy, origins: policyOrigins } = await readPolicySources(env, options.platform ?? process.platform, {
    allowPathOverride: options.allowPolicyPathOverride ?? true,
    onWarning: (message) => policyWarnings.push(message),
  });
  if (!policy.ok) {
    return { env, policy: undefined, effectiveEnv: env, problem: policy.error.message, policyWarnings, policyOrigins };
  }
  return { env, policy: policy.value, effectiveEnv: policyEnvironment(env, policy.value), policyWarnings, policyOrigins };
}

/**
 * Step 2: the log in `<data folder>/logs`, masked; silent while the data folder is not valid (its error comes later).
 *
 * `userRoots` are folders of the user's files the front knows of; the policy's save folder is added to them.
 */
export function setupLogger(startup: StartupConfig, userRoots: ReadonlyArray<string> = []): Logger {
  const local = loadArchiveSettings(startup.effectiveEnv);
  if (!local.ok) {
    return silentLogger();
  }
  const policyFolder = startup.policy?.saveFolder?.path;
  const logger = openLogger(local.value.dataDir, { userRoots: policyFolder === undefined ? userRoots : [...userRoots, policyFolder] });
  for (const message of startup.policyWarnings) {
    logger.warn('policy.warning', { message });
  }
  return logger;
}

/** Step 3: the backend the policy and variables select (see setupBackend): config, credentials, AWS clients. */
export async function setupBackendFor(
  startup: StartupConfig,
  options: Pick<SetupOptions, 'sandboxShipped' | 'signIn'> & { readonly logger?: Logger } = {},
): Promise<Result<Backend, SetupError>> {
  if (startup.problem !== undefined) {
    return { ok: false, error: { code: 'invalid-config', message: startup.problem } };
  }
  const { sandboxShipped, signIn, logger } = options;
  return setupBackend(startup.env, {
    policy: startup.policy,
    ...(sandboxShipped === undefined ? {} : { sandboxShipped }),
    ...(signIn === undefined ? {} : { signIn }),
    ...(logger === undefined ? {} : { logger }),
  });
}

/**
 * Step 4: the local archive index, opened on first use, so an unreadable index is an archive error rather than an
 * app that cannot start. The app passes electron-store; Node fronts use conf, which reads the same file.
 */
export function setupArchive(startup: StartupConfig, openStoreIn: OpenStoreIn = confStoreIn): Result<ArchiveSetup, SetupError> {
  const local = loadArchiveSettings(startup.effectiveEnv);
  if (!local.ok) {
    return { ok: false, error: { code: 'invalid-config', message: local.error.message } };
  }
  const { dataDir, retentionDays, maxViewBytes, requiresSignIn } = local.value;
  let archive: ArchiveIndex | undefined;
  const open = (): ArchiveIndex => (archive ??= openArchiveIndex({ store: indexStoreFactory(dataDir, openStoreIn), retentionDays }));
  return { ok: true, value: { open, requiresSignIn, ...(maxViewBytes === undefined ? {} : { maxViewBytes }) } };
}

/** The local archive: its index, opened on first use, and the largest document the viewer is sent. */
export interface ArchiveSetup {
  readonly open: () => ArchiveIndex;
  /** From DOCSTORE_MAX_VIEW_MB or the policy's maxViewMegabytes; the archive's own default when absent. */
  readonly maxViewBytes?: number;
  /** The policy's archiveRequiresSignIn: the archive opens only for someone signed in. */
  readonly requiresSignIn: boolean;
}

/** Everything a window or the preview works with, and the one way to stop it. */
export interface House {
  readonly logger: Logger;
  readonly backend: Backend;
  readonly services: AppServices;
  readonly openArchive: () => ArchiveIndex;
  /** The largest document the viewer is sent; undefined for the archive's default. */
  readonly archiveViewLimitBytes?: number;
  /** True when the organisation's policy keeps the archive for people signed in. */
  readonly archiveRequiresSignIn: boolean;
  /** The managed settings page: each setting, its value and source, and any error for it. */
  managedSettings(): ManagedSettingsView;
  /** Sends the audit events still on disk (waiting at most `flushLimitMs`), then stops the backend and the sandbox. */
  close(flushLimitMs?: number): Promise<void>;
}

/** How one front is set up, beyond the shared options. */
export interface FrontOptions extends SetupOptions {
  readonly shell: Shell;
  readonly userRoots?: ReadonlyArray<string>;
  readonly openStoreIn?: OpenStoreIn;
  /** Extra fields for the log's first line (the app says whether it is packaged). */
  readonly startFields?: Readonly<Record<string, unknown>>;
}

/**
 * Every step in order, for the fronts that need them all (the app and the web preview).
 *
 * On failure the error comes with the log, so the front can record why it did not start.
 */
export async function setUp(options: FrontOptions): Promise<Result<House, SetupError & { readonly logger: Logger }>> {
  const startup = await setupConfig(options);
  const logger = setupLogger(startup, options.userRoots);
  const failed = (error: SetupError) => ({ ok: false as const, error: { ...error, logger } });
  const opened = await setupBackendFor(startup, { ...options, logger });
  if (!opened.ok) {
    return failed(opened.error);
  }
  const backend = opened.value;
  const archive = setupArchive(startup, options.openStoreIn);
  if (!archive.ok) {
    await backend.close();
    return failed(archive.error);
  }
  logAppStart(logger, options.shell, backend, options.startFields);
  // A session the person used within the idle time-out is taken up again (the app keeps its refresh token encrypted),
  // in the background: an unreachable sign-in service must not delay the start, and the archive works offline.
  void backend.session?.restore().catch((error: unknown) => logger.warn('session.restore-failed', { error }));
  // Before any download starts: what a crash left is removed (main/jobs/); failures are logged, none stops the start.
  await sweepInterruptedJobs(backend, logger);
  const services = createAppServices(backend, { archive: archive.value.open, logger });
  return {
    ok: true,
    value: {
      logger,
      backend,
      services,
      openArchive: archive.value.open,
      archiveRequiresSignIn: archive.value.requiresSignIn,
      ...(archive.value.maxViewBytes === undefined ? {} : { archiveViewLimitBytes: archive.value.maxViewBytes }),
      managedSettings: () => managedSettingsView({ env: startup.env, policy: startup.policy, origins: startup.policyOrigins ?? [] }),
      async close(flushLimitMs) {
        logger.info('app.stop');
        // A background trace copy stops where it is; its journal entry resumes it at the next start.
        await services.traceCopies?.stop();
        const flushed = services.flushAudit().catch(() => undefined);
        await (flushLimitMs === undefined ? flushed : Promise.race([flushed, delay(flushLimitMs)]));
        await backend.close();
      },
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
