import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ArchiveSavedBy } from '../common/archive.js';
import type { AppInfo } from '../common/contract.js';
import type { RecordPdfSummary } from '../common/download.js';
import type { SearchsetBundle } from '../common/fhir.js';
import type { SignedInPerson } from '../common/identity.js';
import { parseNhsNumber } from '../common/nhs-number.js';
import type { PatientLookup } from '../common/patient.js';
import type { Result } from '../common/result.js';
import { APP_INFO } from './app-info.js';
import { archiveResult } from './archive/archive-error.js';
import type { ArchiveIndex } from './archive/archive-index.js';
import { archiveEntryFromDownload } from './archive/record-download.js';
import { patientLookupAuditMessage, refusedAuditMessage } from './audit/access-audit-messages.js';
import { type AuditActor, searchAuditMessage } from './audit/audit-messages.js';
import { savedRecordPdfAuditMessage } from './audit/record-pdf-audit-messages.js';
import { type AuditOutbox, createAuditOutbox } from './audit/audit-outbox.js';
import { createAuditSender } from './audit/audit-sender.js';
import { principalResolver } from './aws/principal.js';
import type { Backend } from './setup/backend.js';
import { TRAINING_BUILD } from './setup/training-build.js';
import { buildDiagnostics } from './diagnostics.js';
import { type DownloadRequest, type DownloadResult, type DownloadServices, type SavedDownload, downloadDocuments } from './download/download-job.js';
import { recordPdfAfterSave } from './download/record-pdf/record-pdf-after-save.js';
import { type RecordPdfBuilder, defaultRecordPdfBuilder } from './download/record-pdf/run-record-pdf.js';
import type { AccessDecision, AccessGate, Attempt } from './identity/access-gate.js';
import { type TraceCopies, createTraceCopies } from './jobs/trace-copies.js';
import { type Logger, silentLogger } from './logging/logger.js';
import type { RetryDelays } from './reliability/retry.js';
import { type SearchOptions, searchDocuments } from './search/search-documents.js';
import { loggableMessage, loggedDownload, loggedOutbox } from './services-logging.js';

/** A download as the window and the CLI ask for it: `recordPdf` also saves one PDF of the whole record beside the ZIP. */
export type AppDownloadRequest = DownloadRequest & { readonly recordPdf?: boolean };

/** The operations the app offers, wired to one backend; the Electron shell and the CLI both use these. */
export interface AppServices {
  /** Finds the patient on PDS and says what the signed-in person may do with their record; audited. */
  lookUpPatient(nhsNumber: string, signal?: AbortSignal): Promise<Result<PatientLookup>>;
  search(nhsNumber: string, options?: SearchOptions): Promise<Result<SearchsetBundle>>;
  download(request: AppDownloadRequest): Promise<DownloadResult>;
  /** Who and where the app works, for the environment strip; a failed sign-in lookup reads as "not signed in". */
  appInfo(): Promise<AppInfo>;
  /** Sends audit events still waiting on disk (from this run or an earlier one) and waits for that to finish. */
  flushAudit(): ReturnType<AuditOutbox['flush']>;
  /** The "Copy diagnostics" text: versions, configuration without secrets, counts and the last log lines, masked. */
  diagnostics(): Promise<string>;
  /** The saved ZIPs' background copies to S3 (policy `traceCopy` 'background'): their status and changes. */
  readonly traceCopies?: TraceCopies;
}

export interface AppServicesOptions {
  /** Who may do what: the signed-in person and the role rules; the backend's own gate unless a test gives one. */
  readonly gate?: AccessGate;
  readonly tuning?: DownloadServices['tuning'];
  readonly archive?: () => ArchiveIndex;
  readonly logger?: Logger;
  /** The trace copies' waits between retries (main/jobs/trace-copies.ts); tests shorten them. */
  readonly traceCopyRetryDelaysMs?: RetryDelays;
  /** Builds the record PDF: a worker thread in the Electron app, in-process elsewhere (run-record-pdf.ts); tests give their own. */
  readonly recordPdfBuilder?: RecordPdfBuilder;
}

/**
 * Wires look-up, search, download and auditing to a backend. Audit events left by an earlier run are sent in the
 * background. Every action on a patient's record passes the access gate first: signed in, patient found, role rules.
 *
 * Searches, downloads (with each phase) and audit flushes are logged, masked (main/logging/logger.ts).
 */
export function createAppServices(backend: Backend, options: AppServicesOptions = {}): AppServices {
  const { clients, config } = backend;
  const { tuning, archive } = options;
  const recordPdfBuilder = options.recordPdfBuilder ?? defaultRecordPdfBuilder();
  const gate = options.gate ?? backend.gate;
  const logger = options.logger ?? silentLogger();
  const principal = principalResolver(clients, { environment: config.environment, signedIn: backend.session !== undefined });
  const credentialsKey = (person: SignedInPerson) => `${person.sessionId}/${person.role.personRoleId}`;
  const auditSender = createAuditSender({ sqs: clients.sqs, queue: config.auditQueue });
  const auditOutbox = loggedOutbox(createAuditOutbox({ directory: join(config.dataDir, 'audit-outbox'), sender: auditSender }), logger);
  const actorOf = async (person: SignedInPerson): Promise<AuditActor> => ({
    person,
    principal: await principal(credentialsKey(person)).catch(() => 'unknown'),
    osUser: userInfo().username,
    hostName: hostname(),
    app: APP_INFO,
  });

  // One chain of flushes in the background: each waits for the one before; a failure is logged, never carried on.
  let backgroundFlush: Promise<unknown> = Promise.resolve();
  function flushAuditInBackground(): void {
    backgroundFlush = backgroundFlush.then(() => auditOutbox.flush()).catch((error: unknown) => logger.error('audit.flush', { error }));
  }
  flushAuditInBackground();
  const traceCopies = createTraceCopies({ clients, config, logger, ...(options.traceCopyRetryDelaysMs === undefined ? {} : { retryDelaysMs: options.traceCopyRetryDelaysMs }) });
  // Copies an earlier run left unfinished go on in the background (after the start-up sweep, which leaves them).
  traceCopies.resumeInterrupted().catch((error: unknown) => logger.warn('trace-copy.resume-failed', { error }));
  const downloadServices = (person: SignedInPerson): DownloadServices => ({
    clients,
    config,
    actor: () => actorOf(person),
    auditSender,
    auditOutbox,
    flushAuditInBackground,
    logger,
    tuning,
    httpsAgent: backend.httpsAgent,
    traceCopies,
  });

  /** Who the app acts as in AWS now, for the environment strip's diagnostics: 'not signed in' without a person. */
  function signedInPrincipal(): Promise<string> {
    const person = gate.person();
    return person.ok ? principal(credentialsKey(person.value)).catch(() => 'not signed in') : Promise.resolve('not signed in');
  }

  async function audit(message: { readonly eventId: string }): Promise<void> {
    await auditOutbox.enqueue(message);
    flushAuditInBackground();
  }

  /** Passes the gate for one attempt; a refusal by the role rules is audited before the person is told. */
  async function admitted(nhsNumber: string, attempt: Attempt, signal?: AbortSignal): Promise<AccessDecision> {
    const decision = await gate.decide(nhsNumber, attempt, signal);
    if (!decision.allowed && decision.refusal !== undefined) {
      const { person, reason } = decision.refusal;
      logger.info('access.refused', { nhsNumber, attempt, roleCode: person.role.roleCode });
      await audit(
        refusedAuditMessage({ actor: await actorOf(person), correlationId: randomUUID(), nhsNumber, now: new Date(), eventId: randomUUID(), attempted: attempt === 'download' ? 'download' : 'search', reason }),
      );
    }
    return decision;
  }

  /**
   * The record PDF beside a verified save, audited when saved; what the summary says of it, never a failure of the save.
   * Its progress is the download's last phase, told to the download's listener.
   */
  function saveRecordPdf(person: SignedInPerson, patientName: string, savedBy: ArchiveSavedBy, saved: SavedDownload, request: AppDownloadRequest): Promise<RecordPdfSummary> {
    const { summary, manifest } = saved;
    return recordPdfAfterSave({
      build: recordPdfBuilder,
      summary,
      manifest,
      patient: { nhsNumber: manifest.nhsNumber, name: patientName },
      savedBy,
      signal: request.signal,
      onProgress: request.onProgress,
      logger,
      onSaved: async (pdf) =>
        audit(
          savedRecordPdfAuditMessage({
            actor: await actorOf(person),
            correlationId: summary.correlationId,
            nhsNumber: manifest.nhsNumber,
            now: new Date(),
            eventId: randomUUID(),
            sha256: pdf.sha256,
            bytes: pdf.bytes,
            pages: pdf.pages,
            documentCount: pdf.merged,
            zipOnlyCount: pdf.zipOnly.length,
          }),
        ),
    });
  }

  // A view of a patient's list is audited too; the event is stored durably first, then sent without delaying the list.
  async function auditSearch(person: SignedInPerson, nhsNumber: string, bundle: SearchsetBundle): Promise<void> {
    await audit(
      searchAuditMessage({ actor: await actorOf(person), correlationId: randomUUID(), nhsNumber, now: new Date(), eventId: randomUUID(), resultCount: bundle.total }),
    );
  }

  return {
    traceCopies,
    async lookUpPatient(typed, signal) {
      const parsed = parseNhsNumber(typed);
      if (!parsed.ok) {
        return { ok: false, error: { code: 'invalid-nhs-number', message: parsed.message } };
      }
      const nhsNumber = parsed.value;
      const decision = await gate.decide(nhsNumber, 'look-up', signal);
      const person = decision.person;
      if (person !== undefined) {
        const pdsStatus = decision.allowed ? decision.lookup.pdsStatus : decision.error.pdsStatus;
        await audit(patientLookupAuditMessage({ actor: await actorOf(person), correlationId: randomUUID(), nhsNumber, now: new Date(), eventId: randomUUID(), pdsStatus }));
      }
      if (!decision.allowed) {
        const { code, message } = decision.error;
        return { ok: false, error: { code, message } };
      }
      const { pdsStatus: _status, ...lookup } = decision.lookup;
      return { ok: true, value: lookup };
    },
    async search(typed, options) {
      const parsed = parseNhsNumber(typed);
      if (!parsed.ok) {
        return { ok: false, error: { code: 'invalid-nhs-number', message: parsed.message } };
      }
      const decision = await admitted(parsed.value, 'search', options?.signal);
      if (!decision.allowed) {
        const { code, message } = decision.error;
        return { ok: false, error: { code, message } };
      }
      const nhsNumber = decision.lookup.patient.nhsNumber;
      const started = performance.now();
      let read = { pagesRead: 0, itemsRead: 0 };
      logger.info('search.start', { nhsNumber });
      const result = await searchDocuments(
        { dynamo: clients.dynamo, metadataTable: config.metadataTable, endpoint: config.endpoints.dynamodb },
        nhsNumber,
        {
          ...options,
          onProgress: (progress) => {
            read = progress;
            options?.onProgress?.(progress);
          },
        },
      );
      const durationMs = Math.round(performance.now() - started);
      if (result.ok) {
        logger.info('search.end', { nhsNumber, ok: true, total: result.value.total, listed: result.value.entry?.length ?? 0, ...read, durationMs });
        await auditSearch(decision.person, nhsNumber, result.value);
      } else {
        logger.warn('search.end', { nhsNumber, ok: false, code: result.error.code, ...loggableMessage(result.error), ...read, durationMs });
      }
      return result;
    },
    async download(request) {
      const parsed = parseNhsNumber(request.nhsNumber);
      if (!parsed.ok) {
        return { ok: false, error: { code: 'invalid-nhs-number', message: parsed.message } };
      }
      const decision = await admitted(parsed.value, 'download', request.signal);
      if (!decision.allowed) {
        const { code, message } = decision.error;
        return { ok: false, error: { code, message } };
      }
      const { person } = decision;
      // A running download keeps the session from idling out; an expired one pauses it for a new sign-in.
      const release = gate.holdOpen();
      const result = await loggedDownload(
        { ...request, nhsNumber: decision.lookup.patient.nhsNumber },
        (logged) => downloadDocuments(downloadServices(person), logged),
        logger,
      ).finally(release);
      if (!result.ok) {
        return result;
      }
      const { manifest } = result.value;
      const by = { name: person.name, roleName: person.role.roleName, orgName: person.role.orgName, odsCode: person.role.odsCode };
      // The file is saved and verified whatever happens from here: neither the PDF nor the archive can undo that.
      const saved = result.value.summary;
      const summary = request.recordPdf === true ? { ...saved, recordPdf: await saveRecordPdf(person, decision.lookup.patient.name, by, result.value, request) } : saved;
      if (archive === undefined) {
        return { ok: true, value: summary };
      }
      const entry = archiveEntryFromDownload(summary, manifest, config.environment, { by, patientName: decision.lookup.patient.name });
      const archived = await archiveResult(() => Promise.resolve(archive().add(entry)));
      return archived.ok
        ? { ok: true, value: summary }
        : { ok: true, value: { ...summary, archiveProblem: `The record was saved and verified, but it could not be added to the archive: ${archived.error.message}` } };
    },
    async appInfo() {
      return {
        environment: config.environment,
        region: config.region,
        principal: await signedInPrincipal(),
        sandbox: config.environment === 'sandbox',
        training: TRAINING_BUILD,
        appName: APP_INFO.name,
        appVersion: APP_INFO.version,
        managed: backend.policy.managed,
      };
    },
    async flushAudit() {
      await backgroundFlush;
      return auditOutbox.flush();
    },
    diagnostics() {
      return buildDiagnostics({
        config,
        policy: backend.policy,
        builtInSandbox: backend.builtInSandbox,
        logger,
        ...(archive === undefined ? {} : { archiveEntries: () => archive().list().length }),
        pendingAuditEvents: () => auditOutbox.pendingCount(),
        traceCopies: () => traceCopies.diagnostics(),
      });
    },
  };
}
