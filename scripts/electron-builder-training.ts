/**
 * The training build's electron-builder configuration (`npm run dist:training`): the ordinary electron-builder.yml with
 * the built-in sandbox put back in, under another name so it installs beside the real app and never upgrades it.
 *
 * The sandbox chunk goes into the app like any other chunk. Its emulators are development dependencies, which
 * electron-builder never collects, and dynalite cannot be bundled (the sandbox patches its source file as it loads,
 * and it needs the native classic-level). So they travel as installed: every package they need at run time, copied
 * from node_modules with its layout to `resources/node_modules`, where Node looks once app.asar has no such package.
 * The ordinary build is unchanged. Proven by test/unit/build/training-build.test.ts; docs/install.md "Training build".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from 'electron-builder';
import { load } from 'js-yaml';
import { EMULATOR_PACKAGES } from './emulator-packages.js';
import { runtimeClosure } from './runtime-closure.js';

const ROOT = join(import.meta.dirname, '..');
/** What the ordinary configuration leaves out and the training build ships. */
export const SANDBOX_EXCLUSION = '!out/main/chunks/sandbox.js';
const TRAINING_NAME = 'document-store-desktop-training';

/** The ordinary configuration, as electron-builder reads it. */
export function ordinaryConfig(root = ROOT): Configuration {
  return load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Configuration;
}

/** The training configuration for the project at `root` (its node_modules installed). */
export function trainingConfig(root = ROOT): Configuration {
  const ordinary = ordinaryConfig(root);
  const files = (ordinary.files as ReadonlyArray<string>).filter((pattern) => pattern !== SANDBOX_EXCLUSION);
  return {
    ...ordinary,
    // Another app to the OS: its own install folder, shortcuts, uninstall entry, data folder and single-instance lock.
    appId: 'uk.nhs.documentstore.desktop.training',
    productName: 'Document Store Desktop (training)',
    extraMetadata: { name: TRAINING_NAME, productName: 'Document Store Desktop (training)' },
    files,
    extraResources: [{ from: 'node_modules', to: 'node_modules', filter: runtimeClosure(root, EMULATOR_PACKAGES).map((folder) => `${folder}/**`) }],
    artifactName: `${TRAINING_NAME}-\${version}-\${os}-\${arch}.\${ext}`,
    // The installer still makes the machine policy folder administrators-only (build/installer.nsh): harmless here,
    // and electron-builder would include that script by default anyway.
    nsis: { ...ordinary.nsis, artifactName: `${TRAINING_NAME}-\${version}-setup-\${arch}.\${ext}` },
    // Derived from the training appId as the ordinary upgradeCode is from its own: an MSI with the ordinary code would
    // replace the real app.
    msi: { ...ordinary.msi, upgradeCode: 'A555E465-A5A4-55FC-B04D-F28C78CC76D4', artifactName: `${TRAINING_NAME}-\${version}-\${arch}.\${ext}` },
    linux: { ...ordinary.linux, executableName: TRAINING_NAME, synopsis: 'Training copy of Document Store Desktop, with synthetic data only' },
  };
}

// electron-builder calls a default export that is a function.
export default function electronBuilderConfig(): Configuration {
  return trainingConfig();
}
