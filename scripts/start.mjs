// `npm start` (after `npm run build`): launch the app in Electron.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The electron package fetches its runtime on first use; where that download is impossible it fails here.
const status = spawnSync(process.execPath, [require.resolve('electron/cli.js'), '.'], { stdio: 'inherit' }).status ?? 1;
if (status !== 0) {
  process.stderr.write(
    '\nThe Electron runtime could not be started on this machine (it may be unable to download it).\n' +
      'Everything else works without it: `npm run sandbox` serves the synthetic patients and\n' +
      '`npm run -s cli -- search 9990000018` searches them.\n',
  );
}
process.exit(status);
