import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupBackend } from '../../main/setup/backend.js';
import { describeSize } from './plan.js';
import { killActiveChildren } from './run-child.js';
import { type SandboxProcess, startSandboxProcess } from './sandbox-process.js';
import { type Dataset, type DatasetSpec, type ObjectPool, type SaveObject, type SearchPatient, seedDatasets, seedSaveObject, seedSearchPatient } from './seed-bench.js';

/** A temporary folder, a sandbox process with its data in it, and clean-up on exit or interrupt. */
export interface BenchSession {
  readonly root: string;
  readonly env: Readonly<Record<string, string>>;
  interrupted(): boolean;
  seed(pools: Readonly<Record<string, ObjectPool>>, specs: ReadonlyArray<DatasetSpec>, saveBytes?: number): Promise<{ datasets: Map<string, Dataset>; saveObject: SaveObject | undefined }>;
  seedSearchPatient(documents: number): Promise<SearchPatient>;
  /** Stops the sandbox (idempotent); the folder goes in close(). */
  stopSandbox(): Promise<void>;
  close(): Promise<void>;
}

export async function openSession(options: { readonly keep: boolean; readonly log: (line: string) => void }): Promise<BenchSession> {
  const root = await mkdtemp(join(tmpdir(), 'docstore-bench-'));
  let sandbox: SandboxProcess | undefined;
  let interrupted = false;
  const stopSandbox = async (): Promise<void> => {
    const running = sandbox;
    sandbox = undefined;
    await running?.stop();
  };
  const close = async (): Promise<void> => {
    killActiveChildren();
    await stopSandbox();
    if (!options.keep) {
      await rm(root, { recursive: true, force: true });
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      options.log(`\n${signal}: stopping the runs and the sandbox, removing ${root}`);
      void close().finally(() => process.exit(130));
    });
  }
  try {
    sandbox = await startSandboxProcess(join(root, 'sandbox'));
  } catch (error) {
    await close();
    throw error;
  }
  const env = sandbox.env;
  options.log(`Sandbox up (S3 ${env.AWS_ENDPOINT_URL_S3 ?? '?'}), data in ${root}`);
  const openBackend = async () => {
    const opened = await setupBackend(env);
    if (!opened.ok) {
      throw new Error(opened.error.message);
    }
    return opened.value;
  };
  return {
    root,
    env,
    interrupted: () => interrupted,
    async seed(pools, specs, saveBytes) {
      const backend = await openBackend();
      try {
        const start = performance.now();
        const labelled = specs.map((spec) => ({ ...spec, label: describeSize(spec.count, pools[spec.pool]?.size ?? 0) }));
        const seeded = await seedDatasets(backend, env.DOCSTORE_DOCUMENT_BUCKET ?? '', pools, labelled);
        const saveObject = saveBytes === undefined ? undefined : await seedSaveObject(backend, saveBytes);
        options.log(
          `Seeded ${seeded.map((dataset) => `${dataset.id} ${dataset.label}`).join(', ')}${saveObject === undefined ? '' : ', save object'} in ${((performance.now() - start) / 1000).toFixed(1)} s`,
        );
        return { datasets: new Map(seeded.map((dataset) => [dataset.id, dataset])), saveObject };
      } finally {
        await backend.close();
      }
    },
    async seedSearchPatient(documents) {
      const backend = await openBackend();
      try {
        const start = performance.now();
        const patient = await seedSearchPatient(backend, env.DOCSTORE_DOCUMENT_BUCKET ?? '', documents);
        options.log(`Seeded the search patient's ${documents} rows in ${((performance.now() - start) / 1000).toFixed(1)} s`);
        return patient;
      } finally {
        await backend.close();
      }
    },
    stopSandbox,
    close,
  };
}
