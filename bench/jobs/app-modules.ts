import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as BackendModule from '../../main/setup/backend.js';
import type * as PresignModule from '../../main/download/presign.js';
import type * as SaveModule from '../../main/download/save/save-to-folder.js';
import type * as SearchModule from '../../main/search/search-documents.js';
import type * as ToolGateModule from '../../main/sandbox/identity/tool-gate.js';
import type * as ServicesModule from '../../main/services.js';

/** The app code a run measures, loaded from the project or from a private copy carrying one tuning edit. */
export interface AppModules {
  readonly setupBackend: typeof BackendModule.setupBackend;
  readonly createAppServices: typeof ServicesModule.createAppServices;
  readonly saveToFolder: typeof SaveModule.saveToFolder;
  readonly presignZipDownload: typeof PresignModule.presignZipDownload;
  readonly searchDocuments: typeof SearchModule.searchDocuments;
  /** The sandbox tools' gate: a synthetic GP admin at every patient's practice, so a run measures the job alone. */
  readonly toolGate: typeof ToolGateModule.toolGate;
}

export type AppBackend = Extract<Awaited<ReturnType<AppModules['setupBackend']>>, { ok: true }>['value'];

/** Imports the app's modules from `srcRoot`; every run loads the same set, so idle and job processes match. */
export async function loadAppModules(srcRoot: string): Promise<AppModules> {
  const load = async <T>(relative: string): Promise<T> => (await import(pathToFileURL(join(srcRoot, relative)).href)) as T;
  const [backend, services, saveFile, presign, search, gate] = await Promise.all([
    load<typeof BackendModule>('main/setup/backend.ts'),
    load<typeof ServicesModule>('main/services.ts'),
    load<typeof SaveModule>('main/download/save/save-to-folder.ts'),
    load<typeof PresignModule>('main/download/presign.ts'),
    load<typeof SearchModule>('main/search/search-documents.ts'),
    load<typeof ToolGateModule>('main/sandbox/identity/tool-gate.ts'),
  ]);
  return {
    setupBackend: backend.setupBackend,
    createAppServices: services.createAppServices,
    saveToFolder: saveFile.saveToFolder,
    presignZipDownload: presign.presignZipDownload,
    searchDocuments: search.searchDocuments,
    toolGate: gate.toolGate,
  };
}
