import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { DeleteBucketCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DownloadPhase, DownloadProgress } from '../../../common/download.js';
import { createAwsClients } from '../../../main/aws/clients.js';
import { toolGate } from '../../../main/sandbox/identity/tool-gate.js';
import type { DownloadResult } from '../../../main/download/download-job.js';
import { STALLED_MESSAGE } from '../../../main/reliability/retryable.js';
import type { Backend } from '../../../main/setup/backend.js';
import { type AppServices, createAppServices } from '../../../main/services.js';
import { createTestBucket, listKeys, openDownloadFixture, seedTestPatient } from '../../support/download-fixture.js';
import { type FreezingProxy, startFreezingProxy } from '../../support/freezing-proxy.js';
import { openSandboxBackend, sandboxEnv } from '../../support/sandbox-backend.js';

// A stalled network fails fast and says so: S3 behind a proxy that freezes (sockets open, no bytes), with a short
// no-byte deadline injected in place of the default 30 s, so no test waits for real time to pass.

const NO_BYTE_TIMEOUT_MS = 300;
// Far below the default deadline (30 s) and far above the injected one: the job ended because of the deadline.
const ENDS_WELL_BEFORE_MS = 10_000;
const MIB = 1024 * 1024;

describe('a stalled network ends the download with words that say so', () => {
  let plain: Backend;
  const cleanUps: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    plain = await openSandboxBackend();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const cleanUp of cleanUps.splice(0).reverse()) {
      await cleanUp();
    }
  });
  afterAll(async () => {
    await plain.close();
  });

  /** Services whose S3 goes through a freezing proxy, with the short no-byte deadline, and a ZIP bucket of their own. */
  async function openStallingServices(): Promise<{ services: AppServices; proxy: FreezingProxy; folder: string; bucket: string }> {
    const bucket = await createTestBucket(plain);
    const proxy = await startFreezingProxy(plain.config.endpoints.s3 ?? '');
    // The seed's order, whose ZIP upload and download back are what stall here.
    const fixture = await openDownloadFixture({ DOCSTORE_ZIP_BUCKET: bucket, AWS_ENDPOINT_URL_S3: proxy.url, DOCSTORE_TRACE_COPY: 'before-save' });
    const env = sandboxEnv();
    const clients = createAwsClients(fixture.backend.config, {
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '' },
      noByteTimeoutMs: NO_BYTE_TIMEOUT_MS,
    });
    cleanUps.push(async () => {
      clients.close();
      await fixture.close();
      await proxy.close();
      for (const key of await listKeys(plain, bucket)) {
        await plain.clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      }
      await plain.clients.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    });
    const services = createAppServices({ ...fixture.backend, clients }, { tuning: { retryDelaysMs: [10, 20] }, gate: toolGate() });
    return { services, proxy, folder: fixture.folder, bucket };
  }

  /** Runs a download, keeping what reached stderr meanwhile (the product's own words only: none here). */
  async function downloadWatchingStderr(
    services: AppServices,
    request: { nhsNumber: string; folder: string; onProgress?: (progress: DownloadProgress) => void },
  ): Promise<{ result: DownloadResult; stderr: string[]; elapsedMs: number }> {
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    for (const method of ['warn', 'error', 'info', 'log'] as const) {
      vi.spyOn(console, method).mockImplementation((...words: unknown[]) => {
        stderr.push(words.map(String).join(' '));
      });
    }
    const started = performance.now();
    const result = await services.download(request);
    const elapsedMs = performance.now() - started;
    vi.restoreAllMocks();
    return { result, stderr, elapsedMs };
  }

  function expectStalled(result: DownloadResult): void {
    expect(result.ok ? 'saved' : result.error).toEqual({ code: 'unreachable', message: STALLED_MESSAGE });
  }

  function pdf(fileName: string, bytes: number) {
    return { fileName, bytes: randomBytes(bytes), contentType: 'application/pdf' };
  }

  it('ends the job when a document stops arriving half-way, leaving nothing and printing nothing', async () => {
    const { nhsNumber } = await seedTestPatient(plain, [pdf('Scanned record.pdf', 3 * MIB), pdf('Referral.pdf', 64 * 1024)]);
    const { services, proxy, folder, bucket } = await openStallingServices();
    proxy.freezeOneAfter({ afterBytes: MIB });

    const { result, stderr, elapsedMs } = await downloadWatchingStderr(services, { nhsNumber, folder });

    expect(proxy.frozen).toBe(true);
    expectStalled(result);
    expect(elapsedMs).toBeLessThan(ENDS_WELL_BEFORE_MS);
    expect(stderr).toEqual([]);
    expect(await readdir(folder)).toEqual([]);
    expect(await listKeys(plain, bucket)).toEqual([]);
  });

  it('ends the job when the store accepts connections and never answers', async () => {
    const { nhsNumber } = await seedTestPatient(plain, [pdf('Clinic letter.pdf', 64 * 1024)]);
    const { services, proxy, folder } = await openStallingServices();
    proxy.freezeAll();

    const { result, stderr, elapsedMs } = await downloadWatchingStderr(services, { nhsNumber, folder });

    expectStalled(result);
    expect(elapsedMs).toBeLessThan(ENDS_WELL_BEFORE_MS);
    // The document's GET waited for an answer once: a stall is not retried into another deadline. (The cleanup's
    // listing of the ZIP's versions is a GET too, on the ZIP bucket.)
    expect(proxy.requests.filter((line) => line.startsWith('GET ') && !line.includes('versions'))).toHaveLength(1);
    expect(stderr).toEqual([]);
    expect(await readdir(folder)).toEqual([]);
  });

  it('ends the job when the ZIP’s upload stops, leaving no ZIP behind', async () => {
    const { nhsNumber } = await seedTestPatient(plain, [pdf('Scan part 1.pdf', 4 * MIB), pdf('Scan part 2.pdf', 4 * MIB)]);
    const { services, proxy, folder, bucket } = await openStallingServices();
    const phases: DownloadPhase[] = [];
    const onProgress = (progress: DownloadProgress): void => {
      phases.push(progress.phase);
      if (progress.phase === 'uploading') {
        proxy.freezeAll();
      }
    };

    const { result, elapsedMs } = await downloadWatchingStderr(services, { nhsNumber, folder, onProgress });

    expect(phases).toContain('uploading');
    expectStalled(result);
    expect(elapsedMs).toBeLessThan(ENDS_WELL_BEFORE_MS);
    expect(await readdir(folder)).toEqual([]);
    expect(await listKeys(plain, bucket)).toEqual([]);
  });
});
