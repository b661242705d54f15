import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * The local AWS emulators: development dependencies, imported only by main/sandbox/. They stay external (never bundled)
 * and so are loaded only when the sandbox chunk is; a packaged app has neither the chunk nor the packages
 * (electron-builder.yml `files`, test/unit/build/packaged-contents.test.ts).
 */
const EMULATOR_PACKAGES = ['dynalite', 'local-aws-sqs', 'oidc-provider'];

export default defineConfig({
  main: {
    build: {
      lib: { entry: 'main/index.ts' },
      // Only `dependencies` are externalised by default; the emulators would otherwise be bundled into the sandbox chunk.
      externalizeDeps: { include: EMULATOR_PACKAGES },
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
});
