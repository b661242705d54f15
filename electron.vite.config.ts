import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      lib: { entry: 'main/index.ts' },
    },
  },
  renderer: {
    root: 'renderer',
    build: { rolldownOptions: { input: 'renderer/index.html' } },
    plugins: [react()],
  },
});
