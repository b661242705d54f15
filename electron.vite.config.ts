import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      lib: { entry: 'main/index.ts' },
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
