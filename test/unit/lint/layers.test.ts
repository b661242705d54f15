// @vitest-environment node
/**
 * Proves the architecture's import rules in eslint.config.js: for every layer, probes that breach a rule must be
 * reported on exactly the breaching lines, and probes that stay inside the rules must not be.
 *
 * The probes are linted as text (`lintText` with a `filePath` inside the layer), so nothing is written into the
 * source folders. The config is the real eslint.config.js; the only overrides switch off type-aware parsing (a probe
 * path is in no tsconfig and not on disk) and keep only the layer rule running. The layer rule needs no types.
 */
import { fileURLToPath } from 'node:url';

import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const RULE = 'no-restricted-imports';
/** Marks a probe line that must be reported. */
const BREACH = '// ✗';

interface Probe {
  /** Where the probe pretends to live, relative to the repository root. */
  readonly file: string;
  /** Lines ending in `// ✗` must be reported by the layer rule; no other line may be. */
  readonly code: string;
  /** For breaching probes: a message on each marked line must tell the developer this (what to do instead). */
  readonly hint?: RegExp;
}

const DOCUMENT_STORE = /window\.documentStore/;
const BROWSER = /browser/;
const SHELL = /Electron shell \(main\/index\.ts, main\/window\/, main\/ipc\/\)/;
const PRELOAD_ONLY = /belong to preload\/ only/;
const EMULATORS = /only in main\/sandbox\//;
const LAZY_SANDBOX = /await import\('\.\.\/sandbox\/sandbox\.js'\)/;

const RENDERER = 'renderer/src/__lint-probe__/probe.tsx';
const MAIN = 'main/search/__lint-probe__.ts';
const MAIN_ROOT = 'main/__lint-probe__.ts';
const SETUP = 'main/setup/__lint-probe__.ts';
const COMMON = 'common/__lint-probe__.ts';
const PRELOAD = 'preload/__lint-probe__.ts';

const BREACHING: Readonly<Record<string, Probe>> = {
  // 1. renderer: no Node, no Electron, nothing from main/ or preload/ (not even types).
  'renderer → node:fs': { file: RENDERER, code: `import { readFile } from 'node:fs'; ${BREACH}`, hint: BROWSER },
  'renderer → bare Node built-in (path)': { file: RENDERER, code: `import path from 'path'; ${BREACH}`, hint: BROWSER },
  'renderer → bare Node built-in subpath (fs/promises)': {
    file: RENDERER,
    code: `import { readFile } from 'fs/promises'; ${BREACH}`,
    hint: BROWSER,
  },
  'renderer → electron': {
    file: RENDERER,
    code: `import { ipcRenderer } from 'electron'; ${BREACH}`,
    hint: DOCUMENT_STORE,
  },
  'renderer → main/': {
    file: RENDERER,
    code: `import { loadConfig } from '../../../main/config/config.js'; ${BREACH}`,
    hint: DOCUMENT_STORE,
  },
  'renderer → main/ (type only)': {
    file: RENDERER,
    code: `import type { Services } from '../../../main/services.js'; ${BREACH}`,
    hint: DOCUMENT_STORE,
  },
  'renderer → preload/ (type only)': {
    file: RENDERER,
    code: `import type { createDocumentStoreApi } from '../../../preload/create-api.js'; ${BREACH}`,
    hint: DOCUMENT_STORE,
  },
  'renderer → emulator': { file: RENDERER, code: `import dynalite from 'dynalite'; ${BREACH}`, hint: EMULATORS },

  // 2. main: never the renderer or the preload.
  'main → renderer/': {
    file: MAIN,
    code: `import { formatBytes } from '../../renderer/src/shared/format.js'; ${BREACH}`,
    hint: /common\//,
  },
  'main → preload/': {
    file: MAIN,
    code: `import { createDocumentStoreApi } from '../../preload/create-api.js'; ${BREACH}`,
    hint: /common\/contract\.ts/,
  },
  'main shell → renderer/ (type only)': {
    file: 'main/ipc/__lint-probe__.ts',
    code: `import type { JourneyState } from '../../renderer/src/app/journey-state.js'; ${BREACH}`,
    hint: /common\//,
  },

  // 3. common: runtime-neutral.
  'common → node:crypto': {
    file: COMMON,
    code: `import { createHash } from 'node:crypto'; ${BREACH}`,
    hint: /runtime-neutral/,
  },
  'common → bare Node built-in (buffer)': {
    file: COMMON,
    code: `import { Buffer } from 'buffer'; ${BREACH}`,
    hint: /runtime-neutral/,
  },
  'common → electron': { file: COMMON, code: `import { app } from 'electron'; ${BREACH}`, hint: /runtime-neutral/ },
  'common → react': {
    file: COMMON,
    code: `import { useState } from 'react'; ${BREACH}`,
    hint: /React code goes in renderer/,
  },
  'common → main/': {
    file: COMMON,
    code: `import type { Services } from '../main/services.js'; ${BREACH}`,
    hint: /common\/ imports only common\//,
  },
  'common → renderer/': {
    file: COMMON,
    code: `import { formatBytes } from '../renderer/src/shared/format.js'; ${BREACH}`,
    hint: /common\/ imports only common\//,
  },
  'common → preload/': {
    file: COMMON,
    code: `import { createDocumentStoreApi } from '../preload/create-api.js'; ${BREACH}`,
    hint: /common\/ imports only common\//,
  },

  // 4. preload: electron, common/ and its own files only.
  'preload → main/': {
    file: PRELOAD,
    code: `import { requestSchemas } from '../main/ipc/schemas.js'; ${BREACH}`,
    hint: /preload\/ may import only/,
  },
  'preload → renderer/': {
    file: PRELOAD,
    code: `import { formatBytes } from '../renderer/src/shared/format.js'; ${BREACH}`,
    hint: /preload\/ may import only/,
  },
  'preload → node:path': {
    file: PRELOAD,
    code: `import { join } from 'node:path'; ${BREACH}`,
    hint: /preload\/ may import only/,
  },
  'preload → bare Node built-in (fs)': {
    file: PRELOAD,
    code: `import { readFileSync } from 'fs'; ${BREACH}`,
    hint: /preload\/ may import only/,
  },
  'preload → another package': {
    file: PRELOAD,
    code: `import { z } from 'zod'; ${BREACH}`,
    hint: /preload\/ may import only/,
  },

  // 5. ipcMain / webContents / BrowserWindow only in the shell; ipcRenderer / contextBridge only in the preload.
  'main (outside the shell) → ipcMain': {
    file: MAIN,
    code: `import { ipcMain } from 'electron'; ${BREACH}`,
    hint: SHELL,
  },
  'main (outside the shell) → webContents': {
    file: MAIN,
    code: `import { app, webContents } from 'electron'; ${BREACH}`,
    hint: SHELL,
  },
  'main (outside the shell) → BrowserWindow, even as a type': {
    file: MAIN,
    code: `import { type BrowserWindow } from 'electron'; ${BREACH}`,
    hint: SHELL,
  },
  'composition root → ipcMain': { file: SETUP, code: `import { ipcMain } from 'electron'; ${BREACH}`, hint: SHELL },
  'main/sandbox → BrowserWindow': {
    file: 'main/sandbox/__lint-probe__.ts',
    code: `import { BrowserWindow } from 'electron'; ${BREACH}`,
    hint: SHELL,
  },
  'main → namespace import of electron': {
    file: MAIN,
    code: `import * as electron from 'electron'; ${BREACH}`,
    hint: SHELL,
  },
  'main → default import of electron': {
    file: MAIN,
    code: `import electron from 'electron'; ${BREACH}`,
    hint: /by name/,
  },
  'main → electron/main subpath': {
    file: MAIN,
    code: `import { ipcMain } from 'electron/main'; ${BREACH}`,
    hint: /not a subpath/,
  },
  'preload → ipcMain': { file: PRELOAD, code: `import { ipcMain } from 'electron'; ${BREACH}`, hint: SHELL },
  'test → webContents': {
    file: 'test/unit/__lint-probe__.test.ts',
    code: `import { webContents } from 'electron'; ${BREACH}`,
    hint: SHELL,
  },
  'shell (main/window) → ipcRenderer': {
    file: 'main/window/__lint-probe__.ts',
    code: `import { BrowserWindow, ipcRenderer } from 'electron'; ${BREACH}`,
    hint: PRELOAD_ONLY,
  },
  'shell (main/index.ts) → contextBridge': {
    file: 'main/index.ts',
    code: `import { app, contextBridge } from 'electron'; ${BREACH}`,
    hint: PRELOAD_ONLY,
  },
  'main (outside the shell) → ipcRenderer': {
    file: MAIN,
    code: `import { ipcRenderer } from 'electron'; ${BREACH}`,
    hint: PRELOAD_ONLY,
  },

  // 6. emulators only in main/sandbox/ (and test/, bench/); main/sandbox/ statically only from there too.
  'main → dynalite': { file: MAIN, code: `import dynalite from 'dynalite'; ${BREACH}`, hint: EMULATORS },
  'main → dynalite subpath': { file: MAIN, code: `import { createServer } from 'dynalite/db/index.js'; ${BREACH}`, hint: EMULATORS },
  'main → local-aws-sqs': { file: MAIN, code: `import sqs from 'local-aws-sqs'; ${BREACH}`, hint: EMULATORS },
  'main → oidc-provider': { file: MAIN, code: `import Provider from 'oidc-provider'; ${BREACH}`, hint: EMULATORS },
  'main → jose': { file: MAIN, code: `import { jwtVerify } from 'jose'; ${BREACH}`, hint: EMULATORS },
  'shell → emulator': { file: 'main/index.ts', code: `import dynalite from 'dynalite'; ${BREACH}`, hint: EMULATORS },
  'composition root → main/sandbox, statically': {
    file: SETUP,
    code: `import { startSandbox } from '../sandbox/sandbox.js'; ${BREACH}`,
    hint: LAZY_SANDBOX,
  },
  'main/ root → main/sandbox, statically': {
    file: MAIN_ROOT,
    code: `import { startSandbox } from './sandbox/sandbox.js'; ${BREACH}`,
    hint: LAZY_SANDBOX,
  },
  'shell → main/sandbox, statically': {
    file: 'main/index.ts',
    code: `export { startSandbox } from './sandbox/sandbox.js'; ${BREACH}`,
    hint: LAZY_SANDBOX,
  },
  'scripts → main/sandbox, statically': {
    file: 'scripts/__lint-probe__.mjs',
    code: `import { startSandbox } from '../main/sandbox/sandbox.js'; ${BREACH}`,
    hint: LAZY_SANDBOX,
  },
  'root config file → emulator': {
    file: '__lint-probe__.config.ts',
    code: `import dynalite from 'dynalite'; ${BREACH}`,
    hint: EMULATORS,
  },
};

const ALLOWED: Readonly<Record<string, Probe>> = {
  renderer: {
    file: RENDERER,
    code: [
      `import { useState } from 'react';`,
      `import { createRoot } from 'react-dom/client';`,
      `import { useVirtualizer } from '@tanstack/react-virtual';`,
      `import type { DocumentStoreApi } from '../../../common/contract.js';`,
      `import { parseNhsNumber } from '../../../common/nhs-number.js';`,
      `import { formatBytes } from '../shared/format.js';`,
      `import { Sibling } from './sibling.js';`,
      `import { mainThing } from './main.js';`,
      `const pdf = await import('../features/viewer/pdf-document.js');`,
    ].join('\n'),
  },
  main: {
    file: MAIN,
    code: [
      `import { readFile } from 'node:fs/promises';`,
      `import path from 'path';`,
      `import { app, dialog, shell } from 'electron';`,
      `import ElectronStore from 'electron-store';`,
      `import { S3Client } from '@aws-sdk/client-s3';`,
      `import type { DocumentStoreApi } from '../../common/contract.js';`,
      `import { loadConfig } from '../config/config.js';`,
      `import { search } from './search.js';`,
    ].join('\n'),
  },
  'main composition root (lazy sandbox)': {
    file: SETUP,
    code: [
      `import type { Sandbox } from '../sandbox/sandbox.js';`,
      `import { type SandboxOptions } from '../sandbox/sandbox.js';`,
      `import { createServices } from '../services.js';`,
      `const { startSandbox } = await import('../sandbox/sandbox.js');`,
    ].join('\n'),
  },
  'main/index.ts (Electron shell)': {
    file: 'main/index.ts',
    code: [
      `import { app, type BrowserWindow, dialog, ipcMain, protocol, session, shell, webContents } from 'electron';`,
      `import ElectronStore from 'electron-store';`,
      `import { createMainWindow } from './window/main-window.js';`,
      `import { registerHandlers } from './ipc/handlers.js';`,
    ].join('\n'),
  },
  'main/window (Electron shell)': {
    file: 'main/window/__lint-probe__.ts',
    code: [
      `import { BrowserWindow, shell, webContents } from 'electron';`,
      `import type { Session, WebContents } from 'electron';`,
    ].join('\n'),
  },
  'main/ipc (Electron shell)': {
    file: 'main/ipc/__lint-probe__.ts',
    code: [
      `import { ipcMain, type IpcMainInvokeEvent } from 'electron';`,
      `import type { RequestMap } from '../../common/contract.js';`,
    ].join('\n'),
  },
  'main/sandbox (emulators)': {
    file: 'main/sandbox/__lint-probe__.ts',
    code: [
      `import dynalite from 'dynalite';`,
      `import { createSqsServer } from 'local-aws-sqs';`,
      `import sqs from 'local-aws-sqs';`,
      `import { mkdtemp } from 'node:fs/promises';`,
      `import { SYNTHETIC_PATIENTS } from './patients.js';`,
      `import { createClients } from '../aws/clients.js';`,
    ].join('\n'),
  },
  common: {
    file: COMMON,
    code: [
      `import type { Result } from './result.js';`,
      `import { parseNhsNumber } from './nhs-number.js';`,
      `import { z } from 'zod';`,
    ].join('\n'),
  },
  preload: {
    file: PRELOAD,
    code: [
      `import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';`,
      `import type { EventChannel } from '../common/contract.js';`,
      `import { createDocumentStoreApi } from './create-api.js';`,
    ].join('\n'),
  },
  'test (sandbox, emulators, Electron types)': {
    file: 'test/unit/__lint-probe__.test.ts',
    code: [
      `import { startSandbox } from '../../main/sandbox/sandbox.js';`,
      `import dynalite from 'dynalite';`,
      `import type { IpcMain, Session, WebContents } from 'electron';`,
      `import { formatBytes } from '../../renderer/src/shared/format.js';`,
      `import { createDocumentStoreApi } from '../../preload/create-api.js';`,
    ].join('\n'),
  },
  'bench (sandbox)': {
    file: 'bench/lib/__lint-probe__.ts',
    code: `import { forEachLimited } from '../../main/sandbox/bulk-write.js';\nimport dynalite from 'dynalite';`,
  },
  'scripts (Node, lazy sandbox)': {
    file: 'scripts/__lint-probe__.mjs',
    code: [
      `import { spawn } from 'node:child_process';`,
      `const { startSandbox } = await import('../main/sandbox/sandbox.js');`,
    ].join('\n'),
  },
};

interface Outcome {
  readonly reported: ReadonlyMap<number, readonly string[]>;
  readonly other: readonly Linter.LintMessage[];
  readonly ruleSeverity: unknown;
}

const outcomes = new Map<Probe, Outcome>();

beforeAll(async () => {
  const eslint = new ESLint({
    cwd: REPO_ROOT,
    // Probes are not on disk and in no tsconfig: parse them without the project service (as the config already does
    // for .js files), and run the layer rule only. Everything else comes from the real eslint.config.js.
    overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: false, program: null } } },
    ruleFilter: ({ ruleId }) => ruleId === RULE,
    allowInlineConfig: false,
  });
  const probes = [...Object.values(BREACHING), ...Object.values(ALLOWED)];
  await Promise.all(
    probes.map(async (probe) => {
      const [result] = await eslint.lintText(`${probe.code}\n`, { filePath: probe.file, warnIgnored: true });
      const config = (await eslint.calculateConfigForFile(probe.file)) as
        | { rules?: Record<string, unknown> }
        | undefined;
      const reported = new Map<number, string[]>();
      const other: Linter.LintMessage[] = [];
      for (const message of result?.messages ?? []) {
        if (message.ruleId === RULE) {
          reported.set(message.line, [...(reported.get(message.line) ?? []), message.message]);
        } else {
          other.push(message);
        }
      }
      outcomes.set(probe, { reported, other, ruleSeverity: config?.rules?.[RULE] });
    }),
  );
}, 120_000);

function outcomeOf(probe: Probe): Outcome {
  const outcome = outcomes.get(probe);
  if (!outcome) {
    throw new Error(`probe ${probe.file} was not linted`);
  }
  // A parse error or an ignored file would make any probe pass vacuously.
  expect(outcome.other).toEqual([]);
  expect(outcome.ruleSeverity, `${RULE} must be on for ${probe.file}`).toEqual([2, expect.anything()]);
  return outcome;
}

function markedLines(code: string): number[] {
  return code.split('\n').flatMap((line, index) => (line.trimEnd().endsWith(BREACH) ? [index + 1] : []));
}

describe('layer rules report breaching imports', () => {
  it.each(Object.entries(BREACHING))('%s', (_name, probe) => {
    const { reported } = outcomeOf(probe);
    const marked = markedLines(probe.code);
    expect(marked.length).toBeGreaterThan(0);
    expect([...reported.keys()].sort((a, b) => a - b)).toEqual(marked);
    if (probe.hint) {
      for (const line of marked) {
        expect(reported.get(line)).toContainEqual(expect.stringMatching(probe.hint));
      }
    }
  });
});

describe('layer rules allow what each layer may import', () => {
  it.each(Object.entries(ALLOWED))('%s', (_name, probe) => {
    const { reported } = outcomeOf(probe);
    expect(markedLines(probe.code)).toEqual([]);
    expect(Object.fromEntries(reported)).toEqual({});
  });
});
