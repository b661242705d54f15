/**
 * Whether this is the training build (`npm run dist:training`): decided when the bundle is built
 * (electron.vite.config.ts defines `__TRAINING_BUILD__`), read here only.
 *
 * The training build ships the built-in sandbox and runs on it alone: it starts the sandbox when packaged and refuses
 * any configured document store (main/setup/backend.ts), so it can never reach real records.
 */
declare const __TRAINING_BUILD__: boolean | undefined;

// Undefined where no bundler defines it (tsx, the tests): an ordinary build.
export const TRAINING_BUILD: boolean = typeof __TRAINING_BUILD__ === 'boolean' && __TRAINING_BUILD__;
