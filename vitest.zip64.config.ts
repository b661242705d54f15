import { defineConfig } from 'vitest/config';

// Multi-GiB ZIP64 checks: minutes of disk and CPU, so kept out of the default suite.
export default defineConfig({
  test: {
    include: ['test/zip64/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 20 * 60_000,
    hookTimeout: 60_000,
  },
});
