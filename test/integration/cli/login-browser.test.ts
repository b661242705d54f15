import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCliSignIn } from '../../../main/cli/cli-sign-in.js';
import { KEPT_SESSION_FILE, readKeptSession } from '../../../main/cli/kept-session.js';
import { loginCommand } from '../../../main/cli/session-commands.js';
import type { AppServices } from '../../../main/services.js';
import { setupBackend } from '../../../main/setup/backend.js';
import { sandboxEnv } from '../../support/sandbox-backend.js';
import { captureIo } from '../../unit/cli/support/cli-io.js';
import { BrowserStandIn } from '../identity/browser-stand-in.js';
import { SANDBOX_USERS } from './support/sandbox-users.js';

// `login` through the browser, composed as main/cli.ts composes it: the backend's one session on the test sandbox's
// provider and the CLI's sign-in front, with a browser stand-in where the system browser would open.

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'docstore-cli-login-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

/** Runs `login`; `act` is what the person does in the browser once it opens on the sign-in address. */
async function login(args: ReadonlyArray<string>, act: (browser: BrowserStandIn, url: string) => Promise<unknown>, interrupt = new AbortController()) {
  const captured = captureIo();
  const io = { ...captured.io, signal: interrupt.signal };
  const browser = new BrowserStandIn();
  const acted: Array<Promise<unknown>> = [];
  const signIn = createCliSignIn(io, (url) => acted.push(act(browser, url)));
  const opened = await setupBackend({ ...sandboxEnv(), DOCSTORE_DATA_DIR: dataDir }, { signIn: signIn.front });
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  const backend = opened.value;
  try {
    const code = await loginCommand(args, io, () => Promise.resolve({ backend, services: {} as AppServices, signIn }));
    await Promise.all(acted);
    return { code, stdout: captured.stdout(), stderr: captured.stderr(), browserOpened: acted.length, signIn: backend.config.identity?.signIn };
  } finally {
    await backend.close();
  }
}

const signInAs =
  (person: string) =>
  async (browser: BrowserStandIn, url: string): Promise<unknown> =>
    browser.press(await browser.open(url), 'login', { person });

describe('login through the browser', () => {
  it('keeps the new sign-in in the role chosen, without the refresh token, readable by the current user only', async () => {
    const run = await login(['--role', '555000000006-2'], signInAs(SANDBOX_USERS.twoRoles));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Signed in as Casey Jones, GP practice clinician at Hillview Surgery (synthetic) (B82002)\n');
    expect(run.stderr).toMatch(/^Open this address in your browser to sign in: http\S+\n/);
    expect(run.stderr).toMatch(/Later commands use this sign-in until \d{4}-\d\d-\d\dT[\d:.]+Z; `npm run -s cli -- logout` ends it sooner\.\n$/);

    const file = join(dataDir, KEPT_SESSION_FILE);
    const kept = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(kept).toSorted()).toEqual(['accessToken', 'claims', 'clientId', 'expiresAt', 'idToken', 'issuer', 'personRoleId', 'version']);
    expect(kept).toMatchObject({ issuer: run.signIn?.issuer, clientId: run.signIn?.clientId, personRoleId: '555000000006-2' });
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
  });

  it('opens the browser again whatever was kept, and keeps the person who signed in this time', async () => {
    await login([], signInAs(SANDBOX_USERS.riversideAdmin));
    const again = await login([], signInAs(SANDBOX_USERS.hillviewAdmin));
    expect(again).toMatchObject({ code: 0, browserOpened: 1 });
    expect(again.stdout).toContain('at Hillview Surgery (synthetic) (B82002)');
    const kept = again.signIn === undefined ? undefined : await readKeptSession(dataDir, again.signIn);
    expect(kept?.personRoleId).toBe(`${SANDBOX_USERS.hillviewAdmin}-1`);
  });

  it('stops at Ctrl+C while the browser is open: exit 1, nothing kept', async () => {
    const interrupt = new AbortController();
    const run = await login([], (browser, url) => browser.open(url).then(() => interrupt.abort()), interrupt);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toContain('Signing in was stopped before it finished.\n');
    await expect(readFile(join(dataDir, KEPT_SESSION_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
