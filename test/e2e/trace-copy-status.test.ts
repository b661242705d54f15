import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './support/axe.js';
import { HAVE_CHROMIUM } from './support/browser.js';
import { usePreviewSuite } from './support/preview-suite.js';
import { SEARCH_HEADING, searchConfirmed, signIn } from './support/sign-in.js';

if (!HAVE_CHROMIUM) {
  process.stderr.write('Browser tests SKIPPED: no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CHROMIUM_PATH).\n');
}

// The saved ZIP's copy to the document store (single pass, policy traceCopy "background", the sandbox's default) as
// the person sees it through the preview's bridge: the 'trace-copies:list' answer and 'trace-copies:changed' events.
describe.skipIf(!HAVE_CHROMIUM)('the copy to the document store after "Saved" (web preview)', () => {
  let page: Page;
  const consoleProblems: string[] = [];
  usePreviewSuite({ name: 'trace-copy', keepSignedIn: 'Alex Morgan', consoleProblems, onPage: (opened) => (page = opened) });

  it('says the copy is kept once main has sent and checked it, calmly, under the verified save', async () => {
    await signIn(page, 'Alex Morgan');
    await page.getByRole('heading', { level: 1, name: SEARCH_HEADING }).waitFor();
    await searchConfirmed(page, '999 000 0018');
    await page.getByRole('button', { name: 'Download all documents' }).click();
    await page.getByRole('heading', { name: 'Saved and verified' }).waitFor();

    const outcome = page.getByRole('alert').filter({ hasText: 'Saved and verified' });
    const copyLine = outcome.getByRole('status');
    await copyLine.getByText('A copy is kept in the document store').waitFor();
    expect(await copyLine.textContent()).toContain('It was checked and matches your saved file.');
    // Where the copy is and its checksum stay under "Technical details".
    expect(await copyLine.textContent()).not.toMatch(/s3:|CRC64NVME/u);
    await outcome.getByText('Technical details').click();
    await outcome.getByText(/^CRC64NVME:/u).waitFor();
    await expectNoAxeViolations(page);

    // Nothing is on its way any more: the app-wide line is empty on every view.
    await page.getByRole('link', { name: 'Archive' }).click();
    expect(await page.locator('.app-trace-copy-indicator').textContent()).toBe('');
    expect(consoleProblems).toEqual([]);
  });
});
