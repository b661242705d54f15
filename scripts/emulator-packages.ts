/**
 * The local AWS emulators and the OpenID provider the built-in sandbox runs: development dependencies, imported only
 * by main/sandbox/. The bundler keeps them external (electron.vite.config.ts); the ordinary package ships none of them
 * (test/unit/build/packaged-contents.test.ts) and the training build ships them beside the app
 * (scripts/electron-builder-training.ts).
 */
export const EMULATOR_PACKAGES: ReadonlyArray<string> = ['dynalite', 'local-aws-sqs', 'oidc-provider'];
