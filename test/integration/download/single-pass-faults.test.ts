import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DownloadPhase, DownloadProgress } from '../../../common/download.js';
import { createAwsClients } from '../../../main/aws/clients.js';
import { STALLED_MESSAGE } from '../../../main/reliability/retryable.js';
import { toolGate } from '../../../main/sandbox/identity/tool-gate.js';
import { createAppServices } from '../../../main/services.js';
import { startCuttingProxy } from '../../support/cutting-proxy.js';
import { type DownloadFixture, listKeys, openDownloadFixture, ownZipBucket, readZip, seedTestPatient, sha256Of, traceRowsFor } from '../../support/download-fixture.js';
import { startFreezingProxy } from '../../support/freezing-proxy.js';
import { sandboxEnv, suiteSandbox } from '../../support/sandbox-backend.js';

// Single pass (policy traceCopy "background", the default) when the link fails while the ZIP is written into the
// folder: a dropped connection is resumed per document (the file holds every byte); a stall ends the job cleanly.

const MIB = 1024 * 1024;

describe('single pass when the link fails while the ZIP is built', () => {
  const suite = suiteSandbox();
  const { cleanUps } = suite;

  async function openFixture(overrides: Record<string, string>): Promise<DownloadFixture> {
    const fixture = await openDownloadFixture({ DOCSTORE_TRACE_COPY: 'background', ...overrides });
    cleanUps.push(async () => {
      await fixture.services.traceCopies?.stop();
      await fixture.close();
    });
    return fixture;
  }

  function pdf(fileName: string, bytes: number) {
    return { fileName, bytes: randomBytes(bytes), contentType: 'application/pdf' };
  }

  it('resumes a document whose stream breaks mid-way: the saved file holds it whole, and its copy completes', async () => {
    const large = pdf('Scanned record.pdf', 3 * MIB);
    const { nhsNumber } = await seedTestPatient(suite.backend, [large, pdf('Referral letter.pdf', 20 * 1024)]);
    const bucket = await ownZipBucket(suite.backend, cleanUps);
    const proxy = await startCuttingProxy(suite.backend.config.endpoints.s3 ?? '');
    cleanUps.push(() => proxy.close());
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: bucket, AWS_ENDPOINT_URL_S3: proxy.url });
    proxy.armCut({ afterBytes: MIB });
    const phasesAtCut: DownloadPhase[] = [];
    const onProgress = (progress: DownloadProgress): void => {
      if (proxy.cuts === 1 && phasesAtCut.length === 0) {
        phasesAtCut.push(progress.phase);
      }
    };

    const result = await fixture.services.download({ nhsNumber, folder: fixture.folder, onProgress });
    if (!result.ok) {
      throw new Error(result.error.message);
    }
    expect(proxy.cuts).toBe(1);
    expect(phasesAtCut).toEqual(['zipping']);
    const entry = (await readZip(result.value.file)).find((candidate) => candidate.name === 'Scanned record.pdf');
    expect(sha256Of(entry?.bytes ?? Buffer.alloc(0))).toBe(sha256Of(large.bytes));
    await fixture.services.traceCopies?.idle();
    expect(fixture.services.traceCopies?.status()).toEqual([expect.objectContaining({ state: 'complete' })]);
  });

  it('ends the job when a document stops arriving half-way, leaving no file, no journal entry, no trace row and no copy', async () => {
    const { nhsNumber } = await seedTestPatient(suite.backend, [pdf('Scanned record.pdf', 3 * MIB), pdf('Referral.pdf', 64 * 1024)]);
    const bucket = await ownZipBucket(suite.backend, cleanUps);
    const proxy = await startFreezingProxy(suite.backend.config.endpoints.s3 ?? '');
    cleanUps.push(() => proxy.close());
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: bucket, AWS_ENDPOINT_URL_S3: proxy.url });
    const env = sandboxEnv();
    const clients = createAwsClients(fixture.backend.config, {
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '' },
      noByteTimeoutMs: 300,
    });
    cleanUps.push(() => Promise.resolve(clients.close()));
    const services = createAppServices({ ...fixture.backend, clients }, { tuning: { retryDelaysMs: [10, 20] }, gate: toolGate() });
    proxy.freezeOneAfter({ afterBytes: MIB });

    const result = await services.download({ nhsNumber, folder: fixture.folder });

    expect(result.ok ? 'saved' : result.error).toEqual({ code: 'unreachable', message: STALLED_MESSAGE });
    expect(await readdir(fixture.folder)).toEqual([]);
    expect(await readdir(join(fixture.dataDir, 'jobs')).catch(() => [])).toEqual([]);
    expect(await traceRowsFor(suite.backend, nhsNumber)).toEqual([]);
    expect(await listKeys(suite.backend, bucket)).toEqual([]);
    expect(services.traceCopies?.status()).toEqual([]);
  });
});
