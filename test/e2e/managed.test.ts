import { access, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxEnv } from '../support/sandbox-backend.js';
import { HAVE_CHROMIUM, launchChromium } from './support/browser.js';
import { type PreviewHost, startPreviewHost } from './support/preview-host.js';
import { SEARCH_HEADING, searchConfirmed, signIn } from './support/sign-in.js';

// A computer whose policy.json locks the save folder: the app shows it as managed and saves only there.
describe.skipIf(!HAVE_CHROMIUM)('the app on a managed computer (web preview with a policy file)', () => {
  let browser: Browser;
  let host: PreviewHost;
  let root: string;
  let downloads: string;
  let locked: string;
  let page: Page;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'docstore-e2e-managed-'));
    downloads = join(root, 'downloads');
    locked = join(root, 'Practice records');
    await Promise.all([downloads, locked].map((folder) => mkdir(folder)));
    const policyFile = join(root, 'policy.json');
    await writeFile(policyFile, JSON.stringify({ saveFolder: { path: locked, locked: true } }));
    host = await startPreviewHost(downloads, { ...sandboxEnv(), DOCSTORE_DATA_DIR: join(root, 'data'), DOCSTORE_POLICY_FILE: policyFile });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(host.url);
    await signIn(page, 'Alex Morgan');
    await page.getByRole('heading', { level: 1, name: SEARCH_HEADING }).waitFor();
  });
  afterAll(async () => {
    await browser.close();
    await host.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('says the settings are managed, shows the locked folder without "Change folder", and saves only there', async () => {
    await page.getByRole('region', { name: 'Environment' }).getByText('Managed by your organisation').waitFor();
    await searchConfirmed(page, '9990000018');
    await page.getByRole('table', { name: 'List of documents available' }).waitFor();

    const download = page.getByRole('region', { name: 'Download as one ZIP file' });
    await download.getByText(locked).waitFor();
    await expect(download.getByText('Managed by your organisation').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: /Change folder|Choose folder/ }).count()).resolves.toBe(0);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);

    await page.getByRole('button', { name: 'Download all documents' }).click();
    await page.getByRole('heading', { name: 'Saved and verified' }).waitFor({ timeout: 60_000 });
    await access(join(locked, 'patient-record-9990000018.zip'));
    expect(await readdir(downloads)).toEqual([]);
  });

  it('refuses to change the folder even when asked directly', async () => {
    const refused = await page.evaluate(() => window.documentStore.settings.chooseFolder());
    expect(refused).toEqual({ ok: false, error: { code: 'locked', message: expect.stringContaining('Your organisation manages this setting.') } });
    const settings = await page.evaluate(() => window.documentStore.settings.get());
    expect(settings).toEqual({ ok: true, value: { saveFolder: locked, saveFolderLocked: true, saveFolderFromPolicy: true } });
  });

  it('lists the locked setting in the diagnostics', async () => {
    const diagnostics = await page.evaluate(() => window.documentStore.app.copyDiagnostics());
    expect(diagnostics).toMatchObject({ ok: true, value: { copied: false } });
    const text = diagnostics.ok ? diagnostics.value.text : '';
    expect(text).toContain('Managed by policy: yes');
    expect(text).toContain('Locked by policy: saveFolder');
    expect(text).not.toContain('9990000018');
  });
});
