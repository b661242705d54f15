import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * ── Architecture layers ──────────────────────────────────────────────────────────────────────────────────────────────
 *
 *   renderer/   React, browser runtime. Reaches main only through window.documentStore (typed by common/contract.ts).
 *   preload/    contextBridge only: electron + common/.
 *   common/     runtime-neutral code shared by main and renderer: no Node, no Electron, no React, no other layer.
 *   main/       Node main process. Its Electron shell is main/index.ts, main/window/ and main/ipc/; main/sandbox/ holds
 *               the dev/test AWS emulators and is loaded lazily, with `await import('../sandbox/sandbox.js')`.
 *   test/, bench/, scripts/, root config files: tooling.
 *
 * Each file gets exactly one `no-restricted-imports` option set, built from the restrictions listed for its zone in
 * LAYERS. (Flat config does not merge rule options: a later block matching the same file would silently REPLACE the
 * earlier one's restrictions. So the zones below are disjoint, via `ignores`; keep them so when adding one.)
 * test/unit/lint/layers.test.ts feeds each rule a breaching and an allowed probe.
 * `no-restricted-imports` sees static `import`/`export … from` only; dynamic `import()` is deliberately not checked.
 */

const SOURCE = '*.{ts,tsx,mts,cts,js,mjs,cjs}';
/** A relative specifier that climbs (or stays) and then enters the top-level folder `name`, e.g. `../../main/x.js`. */
const intoFolder = (name) => `^\\.{1,2}/(?:\\.{1,2}/)*${name}(?:/|$)`;
const NODE_BUILTIN = `^(?:node:|(?:${builtinModules.filter((name) => !name.includes('/')).join('|')})(?:/|$))`;

const NO_NODE = (where) => ({
  regex: NODE_BUILTIN,
  caseSensitive: true,
  message: `${where} Node built-ins (node:*, fs, path, …) belong in main/; use a web/JS API, or add the operation to main and reach it through window.documentStore.`,
});

/** Electron subpath entry points would slip past the importNames rules below. */
const ELECTRON_SUBPATHS = {
  patterns: [
    {
      regex: '^electron/(?:main|renderer|common|utility)$',
      caseSensitive: true,
      message: "Import from 'electron' itself, not a subpath, so the layer rules can see which Electron APIs you use.",
    },
  ],
};

/** ipcMain, webContents and BrowserWindow stay in the Electron shell. */
const ELECTRON_SHELL_ONLY = {
  paths: [
    {
      name: 'electron',
      importNames: ['ipcMain', 'webContents', 'BrowserWindow'],
      message:
        'ipcMain, webContents and BrowserWindow belong to the Electron shell (main/index.ts, main/window/, main/ipc/). Take what you need as a parameter (a small interface) and let the shell pass it in; IPC handlers go in main/ipc/.',
    },
  ],
};

/** A default or namespace import would hide which Electron APIs a file uses. */
const ELECTRON_BY_NAME = {
  paths: [
    {
      name: 'electron',
      importNames: ['default'],
      message: "Import Electron's APIs by name (import { app } from 'electron') so the layer rules can see them.",
    },
  ],
};

/** ipcRenderer and contextBridge stay in preload/. */
const ELECTRON_PRELOAD_ONLY = {
  paths: [
    {
      name: 'electron',
      importNames: ['ipcRenderer', 'contextBridge'],
      message:
        'ipcRenderer and contextBridge belong to preload/ only. Main registers handlers in main/ipc/; the renderer calls window.documentStore.',
    },
  ],
};

/** The local AWS emulators are dev/test tools. */
const NO_EMULATORS = {
  patterns: [
    {
      regex: '^(?:dynalite|local-aws-sqs|oidc-provider|jose)(?:/|$)',
      caseSensitive: true,
      message:
        'The AWS emulators and identity stand-ins (dynalite, local-aws-sqs, oidc-provider, jose) are used only in main/sandbox/ (and test/, bench/). Use the sandbox through main/sandbox/sandbox.ts, loaded with dynamic import().',
    },
  ],
};

/** main/sandbox/ pulls in the emulators: outside sandbox/, test/ and bench/ it is loaded lazily. */
const NO_STATIC_SANDBOX = {
  patterns: [
    {
      regex: `^\\.{1,2}/(?:\\.{1,2}/)*(?:main/)?sandbox(?:/|$)`,
      caseSensitive: true,
      // A type-only import is erased at build time, so it never loads the emulators.
      allowTypeImports: true,
      message:
        "main/sandbox/ must not be bundled into the app: load it on demand with `const { startSandbox } = await import('../sandbox/sandbox.js')` (an `import type` is fine).",
    },
  ],
};

const RENDERER_LAYER = {
  patterns: [
    NO_NODE('The renderer runs in a browser:'),
    {
      regex: '^electron(?:/|$)',
      caseSensitive: true,
      message:
        'The renderer has no Electron access: reach main only through window.documentStore (typed by common/contract.ts).',
    },
    {
      regex: intoFolder('main'),
      caseSensitive: true,
      message:
        'Renderer code reaches main only through window.documentStore (common/contract.ts); shared types and pure helpers belong in common/.',
    },
    {
      regex: intoFolder('preload'),
      caseSensitive: true,
      message:
        "The renderer does not import the preload, not even its types: use window.documentStore, typed by common/contract.ts (see renderer/src/shared/document-store.ts).",
    },
  ],
};

const MAIN_LAYER = {
  patterns: [
    {
      regex: intoFolder('renderer'),
      caseSensitive: true,
      message:
        'main/ never imports the renderer: move what both need (types, pure helpers) to common/, and send data to the renderer over IPC (common/contract.ts).',
    },
    {
      regex: intoFolder('preload'),
      caseSensitive: true,
      message:
        'main/ never imports the preload: the shell only passes its built path to BrowserWindow. Shared channel types live in common/contract.ts.',
    },
  ],
};

const COMMON_LAYER = {
  patterns: [
    NO_NODE('common/ is runtime-neutral (main and renderer both load it):'),
    {
      regex: '^electron(?:/|$)',
      caseSensitive: true,
      message: 'common/ is runtime-neutral: Electron code goes in main/ (or preload/), not in common/.',
    },
    {
      regex: '^react(?:-dom)?(?:/|$)',
      caseSensitive: true,
      message: 'common/ is runtime-neutral: React code goes in renderer/.',
    },
    {
      regex: intoFolder('(?:main|renderer|preload)'),
      caseSensitive: true,
      message:
        'common/ imports only common/ (and neutral packages): move the shared piece into common/ instead of reaching into main/, renderer/ or preload/.',
    },
  ],
};

const PRELOAD_LAYER = {
  patterns: [
    {
      // Allow-list: electron, sibling preload files (./x.js) and common/ (../common/x.js); everything else is refused.
      regex: '^(?!electron$|\\./[^/]+$|\\.\\./common/)',
      caseSensitive: true,
      message:
        'preload/ may import only electron (contextBridge, ipcRenderer), common/ and its own files. Put logic in main/ (behind an IPC channel in common/contract.ts) or in common/.',
    },
  ],
};

/** Merges restriction sets into one `no-restricted-imports` option object. */
function restrict(...sets) {
  return {
    paths: sets.flatMap((set) => set.paths ?? []),
    patterns: sets.flatMap((set) => set.patterns ?? []),
  };
}

const ELECTRON_SHELL = ['main/index.ts', `main/window/**/${SOURCE}`, `main/ipc/**/${SOURCE}`];
const SANDBOX = [`main/sandbox/**/${SOURCE}`];

/** Disjoint zones, each with its full list of restrictions. */
const LAYERS = [
  {
    name: 'elsewhere (scripts/, root config files, …)',
    files: [`**/${SOURCE}`],
    ignores: [`renderer/**`, `common/**`, `preload/**`, `main/**`, `test/**`, `bench/**`],
    restrictions: [
      ELECTRON_SHELL_ONLY,
      ELECTRON_PRELOAD_ONLY,
      ELECTRON_SUBPATHS,
      ELECTRON_BY_NAME,
      NO_EMULATORS,
      NO_STATIC_SANDBOX,
    ],
  },
  {
    name: 'renderer',
    files: [`renderer/**/${SOURCE}`],
    restrictions: [RENDERER_LAYER, NO_EMULATORS],
  },
  {
    name: 'common',
    files: [`common/**/${SOURCE}`],
    restrictions: [COMMON_LAYER, NO_EMULATORS],
  },
  {
    name: 'preload',
    files: [`preload/**/${SOURCE}`],
    // PRELOAD_LAYER already refuses Node built-ins, main/, renderer/ and the emulators.
    restrictions: [
      PRELOAD_LAYER,
      ELECTRON_SHELL_ONLY,
      ELECTRON_SUBPATHS,
      ELECTRON_BY_NAME,
    ],
  },
  {
    name: 'main (outside the Electron shell and the sandbox)',
    files: [`main/**/${SOURCE}`],
    ignores: [...ELECTRON_SHELL, ...SANDBOX],
    restrictions: [
      MAIN_LAYER,
      ELECTRON_SHELL_ONLY,
      ELECTRON_PRELOAD_ONLY,
      ELECTRON_SUBPATHS,
      ELECTRON_BY_NAME,
      NO_EMULATORS,
      NO_STATIC_SANDBOX,
    ],
  },
  {
    name: 'main: Electron shell (main/index.ts, main/window/, main/ipc/)',
    files: ELECTRON_SHELL,
    restrictions: [
      MAIN_LAYER,
      ELECTRON_PRELOAD_ONLY,
      ELECTRON_SUBPATHS,
      ELECTRON_BY_NAME,
      NO_EMULATORS,
      NO_STATIC_SANDBOX,
    ],
  },
  {
    name: 'main/sandbox',
    files: SANDBOX,
    restrictions: [
      MAIN_LAYER,
      ELECTRON_SHELL_ONLY,
      ELECTRON_PRELOAD_ONLY,
      ELECTRON_SUBPATHS,
      ELECTRON_BY_NAME,
    ],
  },
  {
    name: 'test and bench (may use the sandbox and the emulators)',
    files: [`test/**/${SOURCE}`, `bench/**/${SOURCE}`],
    restrictions: [
      ELECTRON_SHELL_ONLY,
      ELECTRON_PRELOAD_ONLY,
      ELECTRON_SUBPATHS,
      ELECTRON_BY_NAME,
    ],
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      curly: 'error',
      eqeqeq: 'error',
      'no-console': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      // Asymmetric matchers (expect.stringContaining, …) are typed any; tests may assert presence with `!`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    files: ['main/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*', '*.config.*'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // The architecture's layers, as import rules: see LAYERS at the top of this file.
  ...LAYERS.map(({ name, files, ignores, restrictions }) => ({
    name: `layers/${name}`,
    files,
    ...(ignores ? { ignores } : {}),
    rules: { 'no-restricted-imports': ['error', restrict(...restrictions)] },
  })),
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
