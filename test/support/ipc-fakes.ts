import { vi } from 'vitest';
import type { Platform } from '../../main/ipc/handlers.js';
import type { AppServices } from '../../main/services.js';
import type { AppInfo } from '../../common/contract.js';

export const APP_INFO: AppInfo = {
  environment: 'sandbox',
  region: 'eu-west-2',
  principal: 'synthetic',
  sandbox: true,
  training: false,
  appName: 'Document Store Desktop',
  appVersion: '0.1.0',
  managed: false,
};

/** A platform whose every call is a spy; dialogs are cancelled unless `chosenFolder` says what the user picks. */
export function fakePlatform(options: { readonly chosenFolder?: string } = {}) {
  return {
    chooseFolder: vi.fn<Platform['chooseFolder']>(() => Promise.resolve(options.chosenFolder)),
    showInFolder: vi.fn<Platform['showInFolder']>(),
    openFile: vi.fn<Platform['openFile']>(() => Promise.resolve('')),
    notify: vi.fn<Platform['notify']>(),
    chooseZip: vi.fn<Platform['chooseZip']>(() => Promise.resolve(undefined)),
    chooseLocation: vi.fn<Platform['chooseLocation']>(() => Promise.resolve(undefined)),
    chooseSaveCopyPath: vi.fn<Platform['chooseSaveCopyPath']>(() => Promise.resolve(undefined)),
    copyText: vi.fn<Platform['copyText']>(() => Promise.resolve(true)),
    showProgress: vi.fn<Platform['showProgress']>(),
    focusWindow: vi.fn<Platform['focusWindow']>(),
  } satisfies Platform;
}

/** Services whose search and download answer as given (unset: spies that return nothing); the rest answer quietly. */
export function fakeServices(answers: Partial<Pick<AppServices, 'search' | 'download' | 'lookUpPatient'>> = {}) {
  return {
    lookUpPatient: vi.fn<AppServices['lookUpPatient']>(answers.lookUpPatient),
    search: vi.fn<AppServices['search']>(answers.search),
    download: vi.fn<AppServices['download']>(answers.download),
    appInfo: vi.fn(() => Promise.resolve(APP_INFO)),
    flushAudit: vi.fn(() => Promise.resolve({ sent: 0, pending: 0, corrupt: [] })),
    diagnostics: vi.fn(() => Promise.resolve('Document Store Desktop diagnostics\n')),
  } satisfies AppServices;
}
