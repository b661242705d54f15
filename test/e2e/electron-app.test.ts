import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/run-script.js';
import { sandboxEnv } from '../support/sandbox-backend.js';
import { HAVE_CHROMIUM, launchChromium } from './support/browser.js';
import { accountNavigation, chooseOnProviderPage, SEARCH_HEADING, SIGN_IN_HEADING, searchConfirmed, showSignInPage, startSignIn } from './support/sign-in.js';

/** The Electron runtime is downloaded lazily by the electron package; on machines that cannot fetch it, it is absent. */
function electronBinary(): string | undefined {
  const packageDir = join(PROJECT_ROOT, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return undefined;
  }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();
if (binary === undefined) {
  process.stderr.write('Electron end-to-end tests SKIPPED: the Electron runtime is not installed on this machine (it cannot be downloaded here).\n');
}

// The sign-in page of the sandbox provider is opened in Chromium, standing in for the system browser.
describe.skipIf(binary === undefined || !HAVE_CHROMIUM)('the packaged shell in the real Electron runtime', () => {
  it('opens the app from app://, isolated and sandboxed, searches a synthetic patient and saves the record with its PDF', async () => {
    // A folder IT fixed by policy, so no native dialog asks for one; a data folder of its own, so nothing was saved before.
    const dir = await mkdtemp(join(tmpdir(), 'docstore-electron-'));
    const downloads = join(dir, 'downloads');
    await writeFile(join(dir, 'policy.json'), JSON.stringify({ saveFolder: { path: downloads, locked: true } }));
    await mkdir(downloads);
    const app = await electron.launch({
      executablePath: binary,
      args: [PROJECT_ROOT],
      env: { ...process.env, ...sandboxEnv(), ELECTRON_ENABLE_SECURITY_WARNINGS: 'true', DOCSTORE_POLICY_FILE: join(dir, 'policy.json'), DOCSTORE_DATA_DIR: join(dir, 'data') },
    });
    try {
      const page = await app.firstWindow();
      const warnings: string[] = [];
      page.on('console', (message) => {
        if (message.text().includes('Electron Security Warning')) {
          warnings.push(message.text());
        }
      });
      await page.getByRole('heading', { level: 1, name: SIGN_IN_HEADING }).or(accountNavigation(page)).first().waitFor();
      expect(await page.evaluate(() => location.protocol)).toBe('app:');
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await page.evaluate(() => window.open('https://example.org') === null)).toBe(true);
      expect(await page.evaluate(() => Notification.requestPermission())).toBe('denied');
      expect(await page.evaluate(() => Object.keys(window.documentStore).sort())).toEqual(['app', 'archive', 'documents', 'download', 'files', 'patients', 'session', 'settings', 'traceCopies']);
      await page.evaluate(() => {
        location.href = 'https://example.org';
      });
      expect(await page.evaluate(() => location.href)).toBe('app://bundle/index.html');
      if ((await showSignInPage(page, 'Alex Morgan')) === 'signed-out') {
        // main also hands the address to the system browser; the test opens it itself, as the page offers.
        const url = await startSignIn(page);
        const browser = await launchChromium();
        try {
          const provider = await (await browser.newContext()).newPage();
          await provider.goto(url);
          await chooseOnProviderPage(provider, 'Alex Morgan');
        } finally {
          await browser.close();
        }
      }
      await page.getByRole('heading', { level: 1, name: SEARCH_HEADING }).waitFor();
      await searchConfirmed(page, '9990000018');
      await page.getByRole('table', { name: 'List of documents available' }).waitFor();

      // The record PDF is built in a worker thread only in the Electron app (electron-vite's ?nodeWorker chunk).
      await page.getByRole('checkbox', { name: 'Also save one PDF of the whole record' }).check();
      await page.getByRole('button', { name: 'Download all documents' }).click();
      await page.getByRole('heading', { name: 'Saved and verified' }).waitFor({ timeout: 120_000 });
      await page.getByRole('button', { name: 'Open PDF' }).waitFor();
      const saved = (await readdir(downloads)).sort();
      expect(saved).toEqual(['patient-record-9990000018.pdf', 'patient-record-9990000018.zip']);
      expect((await readFile(join(downloads, 'patient-record-9990000018.pdf'))).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(app.windows()).toHaveLength(1);
      expect(warnings).toEqual([]);
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
