/**
 * The app's backend and services as a synthetic person signed in on the shared test sandbox: composed as the app
 * composes them (sign-in through the sandbox's provider, STS credentials, PDS, the access gate), with an audit queue
 * of the suite's own. Registers the suite's hooks; each test's backends are closed after it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type AppServices, type AppServicesOptions, createAppServices } from '../../main/services.js';
import { type Backend, setupBackend } from '../../main/setup/backend.js';
import { createOwnAuditQueue } from './audit-queue.js';
import { sandboxEnv } from './sandbox-backend.js';

export interface SignedIn {
  readonly backend: Backend;
  readonly services: AppServices;
  /** A save folder of the test's own. */
  readonly folder: string;
}

export interface SignedInSandbox {
  /** The suite's audit queue. */
  readonly queueUrl: () => string;
  /** The suite's data folder (outbox, logs). */
  readonly dataDir: () => string;
  /** The app's services for one synthetic person; signed in unless `signIn` is false. */
  as(personId: string, options?: { readonly signIn?: boolean; readonly services?: AppServicesOptions }): Promise<SignedIn>;
}

export function signedInSandbox(name: string): SignedInSandbox {
  let queue: { readonly url: string; remove(): Promise<void> };
  let dataDir: string;
  const opened: SignedIn[] = [];

  beforeAll(async () => {
    queue = await createOwnAuditQueue();
    dataDir = await mkdtemp(join(tmpdir(), `docstore-${name}-`));
  });
  afterEach(async () => {
    for (const { backend, services, folder } of opened.splice(0)) {
      await services.flushAudit();
      await backend.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
  afterAll(async () => {
    await queue.remove();
    await rm(dataDir, { recursive: true, force: true });
  });

  return {
    queueUrl: () => queue.url,
    dataDir: () => dataDir,
    async as(personId, options = {}) {
      const result = await setupBackend(
        { ...sandboxEnv(), DOCSTORE_DATA_DIR: dataDir, DOCSTORE_AUDIT_QUEUE_URL: queue.url, DOCSTORE_SANDBOX_USER: personId },
        { signIn: { openBrowser: () => undefined } },
      );
      if (!result.ok) {
        throw new Error(result.error.message);
      }
      const backend = result.value;
      const services = createAppServices(backend, options.services);
      const folder = await mkdtemp(join(tmpdir(), `docstore-${name}-saves-`));
      const one = { backend, services, folder };
      opened.push(one);
      if (options.signIn ?? true) {
        const signedIn = await backend.session?.signIn();
        expect(signedIn?.ok).toBe(true);
      }
      return one;
    },
  };
}
