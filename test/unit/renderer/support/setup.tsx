/**
 * Runs before every renderer test file: after each test, unmounts what it rendered, restores spies, and takes away
 * the fake `window.documentStore` it installed.
 */
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Testing Library cleans up by itself only when the test runner's globals are on; they are off here.
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  Reflect.deleteProperty(window, 'documentStore');
});
