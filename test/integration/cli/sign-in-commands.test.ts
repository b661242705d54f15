import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTsx } from '../../support/run-script.js';
import { sandboxEnv } from '../../support/sandbox-backend.js';
import { SANDBOX_USERS } from './support/sandbox-users.js';

// Sign-in on the command line against the shared test sandbox (its OpenID provider, STS and PDS stand-ins): login
// keeps a sign-in that later commands use, the role rules give exit 5, and nobody signed in gives exit 4.

const NOT_SIGNED_IN = 'Not signed in. Run `npm run -s cli -- login` (or set DOCSTORE_SANDBOX_USER in the sandbox).';

let root: string;
let dataDir: string;
let out: string;

/** The CLI on the test sandbox with its own data folder; `env` adds DOCSTORE_SANDBOX_USER and the like. */
const cli = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => runTsx('main/cli.ts', args, { ...sandboxEnv(), DOCSTORE_DATA_DIR: dataDir, ...env });
const as = (user: string) => ({ DOCSTORE_SANDBOX_USER: user });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'docstore-cli-sign-in-'));
  dataDir = join(root, 'data');
  out = join(root, 'out');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('login, whoami and logout', () => {
  it('whoami exits 4 saying how to sign in when nobody is', async () => {
    const { code, stdout, stderr } = await cli(['whoami', '--json']);
    expect(code).toBe(4);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${NOT_SIGNED_IN}\n`);
  });

  it('login as a sandbox person keeps the sign-in for later commands until logout', async () => {
    const login = await cli(['login'], as(SANDBOX_USERS.riversideAdmin));
    expect(login.code).toBe(0);
    expect(login.stdout).toBe('Signed in as Alex Morgan, GP practice administrator at Riverside Medical Centre (synthetic) (A81001)\n');

    const kept = join(dataDir, 'cli-session.json');
    const file = JSON.parse(await readFile(kept, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(file).toSorted()).toEqual(['accessToken', 'claims', 'clientId', 'expiresAt', 'idToken', 'issuer', 'personRoleId', 'version']);
    expect(file.personRoleId).toBe('555000000001-1');
    if (process.platform !== 'win32') {
      expect((await stat(kept)).mode & 0o777).toBe(0o600);
    }

    // No DOCSTORE_SANDBOX_USER from here on: the kept sign-in is who acts.
    const whoami = await cli(['whoami', '--json']);
    expect(whoami.code).toBe(0);
    const person = JSON.parse(whoami.stdout) as Record<string, unknown>;
    expect(person).toMatchObject({ id: '555000000001', name: 'Alex Morgan', roleCode: 'GP_ADMIN', roleName: 'GP practice administrator', odsCode: 'A81001', orgName: 'Riverside Medical Centre (synthetic)' });
    expect(Date.parse(String(person.sessionExpiresAt))).toBe(Number(file.expiresAt));

    const search = await cli(['search', '9990000018', '--json']);
    expect(search.code).toBe(0);
    expect(JSON.parse(search.stdout)).toMatchObject({ resourceType: 'Bundle', total: 12 });

    expect(await cli(['logout'])).toMatchObject({ code: 0, stdout: 'Signed out: the sign-in kept for the command line is deleted.\n' });
    expect(await cli(['whoami'])).toMatchObject({ code: 4, stderr: `${NOT_SIGNED_IN}\n` });
    expect(await cli(['search', '9990000018'])).toMatchObject({ code: 4, stdout: '' });
    expect(await cli(['logout'])).toMatchObject({ code: 0, stdout: 'Not signed in: there was no kept sign-in to delete.\n' });
  });

  it('asks a person with several roles to choose one with --role (exit 2), then keeps the one chosen', async () => {
    const undecided = await cli(['login'], as(SANDBOX_USERS.twoRoles));
    expect(undecided.code).toBe(2);
    expect(undecided.stderr).toContain('Choose one with --role <person_roleid>:');
    expect(undecided.stderr).toMatch(/555000000006-1 +GP practice administrator +Riverside Medical Centre \(synthetic\) \(A81001\)/);
    expect(undecided.stderr).toMatch(/555000000006-2 +GP practice clinician +Hillview Surgery \(synthetic\) \(B82002\)/);

    const chosen = await cli(['login', '--role', '555000000006-2'], as(SANDBOX_USERS.twoRoles));
    expect(chosen).toMatchObject({ code: 0, stdout: 'Signed in as Casey Jones, GP practice clinician at Hillview Surgery (synthetic) (B82002)\n' });
    const whoami = await cli(['whoami', '--json']);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ id: '555000000006', roleCode: 'GP_CLINICAL', odsCode: 'B82002' });
    // --role switches to the other role for one command.
    const other = await cli(['whoami', '--json', '--role', '555000000006-1']);
    expect(JSON.parse(other.stdout)).toMatchObject({ roleCode: 'GP_ADMIN', odsCode: 'A81001' });
    await cli(['logout']);
  });

  it('refuses DOCSTORE_SANDBOX_USER outside the sandbox environment, naming it', async () => {
    const { code, stdout, stderr } = await runTsx('main/cli.ts', ['whoami'], {
      DOCSTORE_DATA_DIR: dataDir,
      DOCSTORE_ENV: 'prod',
      DOCSTORE_ZIP_BUCKET: 'zip-bucket',
      DOCSTORE_OIDC_ISSUER: 'https://login.example.nhs.uk',
      DOCSTORE_OIDC_CLIENT_ID: 'document-store-desktop',
      DOCSTORE_SANDBOX_USER: SANDBOX_USERS.riversideAdmin,
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('DOCSTORE_SANDBOX_USER signs in as a synthetic person and works only in the sandbox environment.');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('says a sandbox person with no role the app recognises may not use it (exit 5)', async () => {
    const { code, stderr } = await cli(['whoami'], as(SANDBOX_USERS.noRecognisedRole));
    expect(code).toBe(5);
    expect(stderr).toContain('has no role this app can be used with');
  });
});

describe('patient', () => {
  it('confirms a Riverside patient for the Riverside GP admin', async () => {
    const { code, stdout } = await cli(['patient', '999 000 0018', '--json'], as(SANDBOX_USERS.riversideAdmin));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      nhsNumber: '9990000018',
      name: expect.stringMatching(/^Amelia Rose HARTLEY$/i),
      birthDate: '1984-03-14',
      gpOdsCode: 'A81001',
      status: 'active',
      restricted: false,
      allowed: true,
    });
  });

  it('shows a Hillview patient to the Riverside GP admin as not allowed, with the reason', async () => {
    const { code, stdout } = await cli(['patient', '9990000034', '--json'], as(SANDBOX_USERS.riversideAdmin));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ nhsNumber: '9990000034', allowed: false, reason: expect.stringContaining('not registered at Riverside Medical Centre') });
  });

  it('never prints a restricted patient’s address', async () => {
    for (const args of [['patient', '9990000069', '--json'], ['patient', '9990000069']]) {
      const { code, stdout, stderr } = await cli(args, as(SANDBOX_USERS.riversideAdmin));
      expect(code).toBe(0);
      expect(stdout).toMatch(/"restricted": true|Restricted record: the address is not shown\./);
      expect(stdout + stderr).not.toMatch(/Refuge|LS99/);
    }
  });

  it('gives no registered GP as null, and a number PDS does not know as exit 1 with the reason', async () => {
    const noGp = await cli(['patient', '9990000042', '--json'], as(SANDBOX_USERS.pcse));
    expect(JSON.parse(noGp.stdout)).toMatchObject({ gpOdsCode: null, status: 'inactive', allowed: true });
    const cancelled = await cli(['patient', '9990000077'], as(SANDBOX_USERS.pcse));
    expect(cancelled.code).toBe(1);
    expect(cancelled.stdout).toBe('');
    expect(cancelled.stderr.trim()).not.toBe('');
  });

  it('exits 4 when nobody is signed in', async () => {
    expect(await cli(['patient', '9990000018'])).toMatchObject({ code: 4, stderr: `${NOT_SIGNED_IN}\n` });
  });
});

describe('sandbox-users', () => {
  it('lists each sandbox person in each recognised role without any sandbox running or configured', async () => {
    const { code, stdout } = await runTsx('main/cli.ts', ['sandbox-users', '--json'], { DOCSTORE_DATA_DIR: dataDir });
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Array<{ id: string; roleCode: string; odsCode: string }>;
    expect(rows).toContainEqual(expect.objectContaining({ id: SANDBOX_USERS.riversideAdmin, name: 'Alex Morgan', roleCode: 'GP_ADMIN', odsCode: 'A81001', orgName: 'Riverside Medical Centre (synthetic)' }));
    expect(new Set(rows.map((row) => row.roleCode))).toEqual(new Set(['GP_ADMIN', 'GP_CLINICAL', 'PCSE']));
    expect(rows.filter((row) => row.id === SANDBOX_USERS.twoRoles)).toHaveLength(2);
    expect(rows.some((row) => row.id === SANDBOX_USERS.noRecognisedRole)).toBe(false);
  });
});

describe('the role rules on search and download', () => {
  it('lets a GP clinician list their own practice’s patient but not download (exit 5, nothing saved)', async () => {
    const search = await cli(['search', '9990000018', '--json'], as(SANDBOX_USERS.riversideClinician));
    expect(search.code).toBe(0);
    expect(JSON.parse(search.stdout)).toMatchObject({ total: 12 });

    const download = await cli(['download', '9990000018', '--out', out, '--json'], as(SANDBOX_USERS.riversideClinician));
    expect(download.code).toBe(5);
    expect(download.stdout).toBe('');
    expect(download.stderr).toContain('can view the list of documents but not download them');
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses PCSE a patient registered at a practice (exit 5)', async () => {
    const { code, stdout, stderr } = await cli(['search', '9990000018'], as(SANDBOX_USERS.pcse));
    expect(code).toBe(5);
    expect(stdout).toBe('');
    expect(stderr).toContain('PCSE staff can only see records of patients with no registered GP or who have died.');
  });

  it('refuses a GP admin another practice’s patient (exit 5)', async () => {
    const { code, stderr } = await cli(['download', '9990000034', '--out', out], as(SANDBOX_USERS.riversideAdmin));
    expect(code).toBe(5);
    expect(stderr).toContain('This patient is not registered at Riverside Medical Centre (synthetic) (A81001).');
  });
});
