/**
 * The set-up every browser journey shares: a web preview host on the test sandbox with folders of its own, one
 * Chromium, a fresh context and page per test at a laptop's 1366×768 (axe opens its helper page in the same context),
 * the page's console errors collected, each test starting from the sign-in page, and screenshots of every page of a
 * failed test in test-results/.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { PROJECT_ROOT } from '../../support/run-script.js';
import { sandboxEnv } from '../../support/sandbox-backend.js';
import { launchChromium } from './browser.js';
import { type PreviewHost, startPreviewHost } from './preview-host.js';
import { type SandboxPersonName, showSignInPage } from './sign-in.js';

export const SCREENSHOTS = join(PROJECT_ROOT, 'docs', 'screenshots');
const FAILURES = join(PROJECT_ROOT, 'test-results');

export interface PreviewSuite {
  readonly host: PreviewHost;
  readonly downloads: string;
  readonly dataDir: string;
}

export interface PreviewSuiteOptions {
  /** Names the suite's temporary folders. */
  readonly name: string;
  /** The host keeps one session for every tab: this person may stay signed in between tests; anyone else is signed out. */
  readonly keepSignedIn?: SandboxPersonName;
  /** Filled with the page's console errors and uncaught errors, emptied before each test. */
  readonly consoleProblems: string[];
  /** Told the host and its folders once they exist. */
  readonly onStart?: (suite: PreviewSuite) => void;
  readonly onPage: (page: Page) => void;
}

/** Registers the suite's hooks. */
export function usePreviewSuite(options: PreviewSuiteOptions): void {
  const { name, keepSignedIn, consoleProblems } = options;
  let browser: Browser;
  let suite: PreviewSuite;
  let page: Page;

  beforeAll(async () => {
    const downloads = await mkdtemp(join(tmpdir(), `docstore-e2e-${name}-downloads-`));
    const dataDir = await mkdtemp(join(tmpdir(), `docstore-e2e-${name}-data-`));
    const host = await startPreviewHost(downloads, { ...sandboxEnv(), DOCSTORE_DATA_DIR: dataDir });
    suite = { host, downloads, dataDir };
    options.onStart?.(suite);
    browser = await launchChromium();
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser.close();
    await suite.host.stop();
    await Promise.all([suite.downloads, suite.dataDir].map((path) => rm(path, { recursive: true, force: true })));
  });
  beforeEach(async () => {
    consoleProblems.length = 0;
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
    page = await context.newPage();
    options.onPage(page);
    page.on('console', (message) => {
      if (message.type() === 'error') {
        consoleProblems.push(message.text());
      }
    });
    page.on('pageerror', (error) => consoleProblems.push(error.message));
    await page.goto(suite.host.url);
    await showSignInPage(page, keepSignedIn);
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      await mkdir(FAILURES, { recursive: true });
      for (const [index, open] of page.context().pages().entries()) {
        await open.screenshot({ path: join(FAILURES, `${context.task.name.replace(/\W+/g, '-')}-${index}.png`), fullPage: true });
      }
    }
    await page.context().close();
  });
}
