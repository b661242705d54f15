import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { EMULATOR_PACKAGES } from './scripts/emulator-packages.js';

/** `electron-vite build --mode training` makes the training build (npm run dist:training; docs/install.md). */
export const TRAINING_MODE = 'training';

export default defineConfig(({ mode }) => ({
  main: {
    // Read in one place (main/setup/training-build.ts); every other build says false.
    define: { __TRAINING_BUILD__: JSON.stringify(mode === TRAINING_MODE) },
    build: {
      lib: { entry: 'main/index.ts' },
      // Only `dependencies` are externalised by default; the emulators would otherwise be bundled into the sandbox chunk.
      // They stay external in the training build too: it ships them installed (scripts/electron-builder-training.ts).
      externalizeDeps: { include: [...EMULATOR_PACKAGES] },
      // The lazily imported sandbox gets a fixed name, so the packaging allow-list can leave it out by name.
      rolldownOptions: { output: { chunkFileNames: 'chunks/[name].js' } },
    },
  },
  // The preload stays CommonJS: a sandboxed renderer cannot load an ES-module preload.
  preload: {
    build: {
      lib: { entry: 'preload/index.ts' },
      rolldownOptions: { output: { format: 'cjs', entryFileNames: 'index.cjs' } },
    },
  },
  renderer: {
    root: 'renderer',
    // The renderer is the one bundle whose size users wait for; main and preload stay readable for diagnosis.
    // nhsuk-frontend ships its CSS minified, with IE hacks lightningcss rejects: only the JS is minified here.
    build: { minify: true, cssMinify: false, rolldownOptions: { input: 'renderer/index.html' } },
    plugins: [react()],
  },
}));
