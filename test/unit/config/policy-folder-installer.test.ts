import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';

import { untrustedWindowsWriters } from '../../../main/config/policy-trust.js';

// The NSIS include that creates the machine policy folder, read as text: NSIS itself runs only on a Windows build.

const ROOT = join(import.meta.dirname, '../../..');
let script: string;
let icacls: string;

beforeAll(async () => {
  script = await readFile(join(ROOT, 'build/installer.nsh'), 'utf8');
  icacls = /nsExec::ExecToLog '"\$SYSDIR\\icacls\.exe" (.*)'/.exec(script)?.[1] ?? '';
});

/** The SDDL the folder would have after the icacls call: its grants, nothing inherited. */
function resultingSddl(command: string): string {
  const grants = [...command.matchAll(/\*(S-[\d-]+):\((OI)\)\((CI)\)(F|RX)/g)].map(([, sid, , , rights]) => `(A;OICI;${rights === 'F' ? 'FA' : '0x1200a9'};;;${sid})`);
  return `D:P${grants.join('')}`;
}

describe('build/installer.nsh: the machine policy folder', () => {
  it('is the include electron-builder.yml gives the NSIS installer', async () => {
    const config = load(await readFile(join(ROOT, 'electron-builder.yml'), 'utf8')) as { nsis: { include?: string } };
    expect(config.nsis.include).toBe('build/installer.nsh');
  });

  it('creates %ProgramData%\\Document Store Desktop, where the app reads policy.json, in the install step', () => {
    expect(script).toMatch(/!macro customInstall\n[\s\S]*!macroend/);
    expect(script).toContain('ReadEnvStr $0 "PROGRAMDATA"');
    expect(script).toContain('CreateDirectory "$0\\Document Store Desktop"');
    expect(icacls.startsWith('"$0\\Document Store Desktop" ')).toBe(true);
  });

  it('removes what C:\\ProgramData passes down, and the grants of Everyone and Authenticated Users', () => {
    expect(icacls).toContain('/inheritance:r');
    expect(icacls).toContain('/remove:g *S-1-1-0 *S-1-5-11');
  });

  it('gives SYSTEM and Administrators full control and Users read, by SID: no one else may write', () => {
    expect(icacls).toMatch(/\/grant:r \*S-1-5-18:\(OI\)\(CI\)F \*S-1-5-32-544:\(OI\)\(CI\)F \*S-1-5-32-545:\(OI\)\(CI\)RX$/);
    expect(untrustedWindowsWriters(resultingSddl(icacls))).toEqual([]);
    expect(resultingSddl(icacls)).toContain('(A;OICI;0x1200a9;;;S-1-5-32-545)');
  });

  it('says so when icacls fails, also in a silent install, and never deletes the folder on uninstall', () => {
    expect(script).toMatch(/Pop \$1\n\s+StrCmp \$1 "0" \+2\n\s+MessageBox [^\n]*\/SD IDOK/);
    expect(script).not.toMatch(/customUnInstall|RMDir/);
  });
});
