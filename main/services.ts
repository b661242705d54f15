import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { AppInfo } from '../preload/contract.js';
import type { SearchsetBundle } from '../preload/fhir.js';
import { parseNhsNumber } from '../preload/nhs-number.js';
import { APP_INFO } from './app-info.js';
import { archiveResult } from './archive/archive-error.js';
import type { ArchiveIndex } from './archive/archive-index.js';
import { recordDownload } from './archive/record-download.js';
import { type AuditActor, searchAuditMessage } from './audit/audit-messages.js';
import { type AuditOutbox, createAuditOutbox } from './audit/audit-outbox.js';
import { createAuditSender } from './audit/audit-sender.js';
import { principalResolver } from './aws/principal.js';
import type { Backend } from './backend.js';
import { type DownloadRequest, type DownloadResult, type DownloadServices, downloadDocuments } from './download/download-job.js';
import { type SearchOptions, searchDocuments } from './search/search-documents.js';

/** The operations the app offers, wired to one backend; the Electron shell and the CLI both use these. */
export interface AppServices {
  search(nhsNumber: string, options?: SearchOptions): ReturnType<typeof searchDocuments>;
  download(request: DownloadRequest): Promise<DownloadResult>;
  /** Who and where the app works, for the environment strip; a failed sign-in lookup reads as "not signed in". */
  appInfo(): Promise<AppInfo>;
  /** Sends audit events still waiting on disk (from this run or an earlier one) and waits for that to finish. */
  flushAudit(): ReturnType<AuditOutbox['flush']>;
}

/** Wires search, download and auditing to a backend. Audit events left by an earlier run are sent in the background. */
export function createAppServices(backend: Backend, tuning?: DownloadServices['tuning'], archive?: () => ArchiveIndex): AppServices {
  const { clients, config } = backend;
  const principal = principalResolver(clients, config.environment);
  const auditSender = createAuditSender({ sqs: clients.sqs, queue: config.auditQueue });
  const auditOutbox = createAuditOutbox({ directory: join(config.dataDir, 'audit-outbox'), sender: auditSender });
  const actor = async (): Promise<AuditActor> => ({
    principal: await principal(),
    osUser: userInfo().username,
    hostName: hostname(),
    app: APP_INFO,
  });

  const downloadServices: DownloadServices = { clients, config, actor, auditSender, auditOutbox, tuning, httpsAgent: backend.httpsAgent };
  let backgroundFlush = auditOutbox.flush();

  // A view of a patient's list is audited too; the event is stored durably first, then sent without delaying the list.
  async function auditSearch(nhsNumber: string, bundle: SearchsetBundle): Promise<void> {
    await auditOutbox.enqueue(
      searchAuditMessage({ actor: await actor(), correlationId: randomUUID(), nhsNumber, now: new Date(), eventId: randomUUID(), resultCount: bundle.total }),
    );
    backgroundFlush = backgroundFlush.then(() => auditOutbox.flush());
  }

  return {
    async search(nhsNumber, options) {
      const result = await searchDocuments(
        { dynamo: clients.dynamo, metadataTable: config.metadataTable, endpoint: config.endpoints.dynamodb },
        nhsNumber,
        options,
      );
      if (result.ok) {
        const parsed = parseNhsNumber(nhsNumber);
        await auditSearch(parsed.ok ? parsed.value : nhsNumber, result.value);
      }
      return result;
    },
    async download(request) {
      const result = await downloadDocuments(downloadServices, request);
      if (!result.ok || archive === undefined) {
        return result;
      }
      // The file is saved and verified whatever happens here: failing to list it must not turn the save into an error.
      const archived = await archiveResult(() => recordDownload(archive(), result.value, config.environment));
      return archived.ok
        ? result
        : { ok: true, value: { ...result.value, archiveProblem: `The record was saved and verified, but it could not be added to the archive: ${archived.error.message}` } };
    },
    async appInfo() {
      return {
        environment: config.environment,
        region: config.region,
        principal: await principal().catch(() => 'not signed in'),
        sandbox: config.environment === 'sandbox',
        appName: APP_INFO.name,
        appVersion: APP_INFO.version,
      };
    },
    async flushAudit() {
      await backgroundFlush;
      return auditOutbox.flush();
    },
  };
}
