import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

import { untrustedWindowsWriters } from '../../../main/config/policy-trust.js';

// The MSI's hook that adds the machine policy folder to the WiX project. WiX itself runs only on a Windows build, so
// the hook is run here on the project electron-builder's own template makes, and the result read as text.

const ROOT = join(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const hook = (await import(pathToFileURL(join(ROOT, 'build/msi-policy-folder.mjs')).href)) as {
  withPolicyFolder(wxs: string): string;
  msiProjectCreated(file: string): Promise<void>;
  POLICY_FOLDER_SDDL: string;
};
const ejs = require('ejs') as { compile(template: string): (data: Record<string, unknown>) => string };

/** The project.wxs electron-builder writes for this app's MSI options (per machine, one click), as MsiTarget renders it. */
async function electronBuilderProject(): Promise<string> {
  const template = (await readFile(join(ROOT, 'node_modules/app-builder-lib/templates/msi/template.xml'), 'utf8'))
    .replace(/{{/g, '<%')
    .replace(/}}/g, '%>')
    .replace(/\${([^}]+)}/g, '<%=$1%>');
  return ejs.compile(template)({
    productName: 'Document Store Desktop',
    upgradeCode: '27FE0541-7A0D-5CC2-A8C6-C17CA82B3BB9',
    version: '0.1.0.0',
    manufacturer: 'NHS England',
    compressionLevel: 'high',
    iconPath: null,
    iconId: 'DocumentStoreDesktopIcon.exe',
    isRunAfterFinish: false,
    isPerMachine: true,
    isAssisted: false,
    programFilesId: 'ProgramFiles64Folder',
    menuCategory: null,
    installationDirectoryWixName: 'Document Store Desktop',
    isCreateDesktopShortcut: true,
    isCreateStartMenuShortcut: true,
    dirs: '',
    files: '<File Id="mainExecutable" Source="x.exe"/>',
  });
}

describe('build/msi-policy-folder.mjs: the machine policy folder in the MSI', () => {
  it('is the msiProjectCreated hook electron-builder.yml gives the MSI build', async () => {
    const config = load(await readFile(join(ROOT, 'electron-builder.yml'), 'utf8')) as { msiProjectCreated?: string; win: { target: Array<{ target: string }> } };
    expect(config.msiProjectCreated).toBe('./build/msi-policy-folder.mjs');
    expect(config.win.target.map(({ target }) => target)).toContain('msi');
  });

  it('creates %ProgramData%\\Document Store Desktop as a permanent component of the product feature', async () => {
    const project = hook.withPolicyFolder(await electronBuilderProject());
    expect(project).toMatch(/<Directory Id="CommonAppDataFolder">\s*<Directory Id="DocumentStorePolicyFolder" Name="Document Store Desktop"\/>/);
    expect(project).toMatch(/<Feature Id="ProductFeature"[^>]*>\s*<ComponentGroupRef Id="ProductComponents"\/>\s*<ComponentRef Id="DocumentStorePolicyFolder"\/>\s*<\/Feature>/);
    expect(project).toMatch(/<Component Id="DocumentStorePolicyFolder" Directory="DocumentStorePolicyFolder" Guid="[0-9A-F-]{36}" KeyPath="yes" Permanent="yes">\s*<CreateFolder>\s*<PermissionEx Sddl="[^"]+"\/>/);
    expect(project.indexOf('DocumentStorePolicyFolder"')).toBeLessThan(project.indexOf('</Product>'));
    // The template asks for Windows Installer 5.0, which MsiLockPermissionsEx (PermissionEx) needs.
    expect(project).toContain('InstallerVersion="500"');
    expect(hook.withPolicyFolder(project)).toBe(project);
  });

  it('lets only Administrators and SYSTEM change the folder, inheriting nothing from C:\\ProgramData, as the NSIS include does', () => {
    expect(hook.POLICY_FOLDER_SDDL.startsWith('D:PAI')).toBe(true);
    expect(untrustedWindowsWriters(hook.POLICY_FOLDER_SDDL)).toEqual([]);
    expect(hook.POLICY_FOLDER_SDDL).toContain('(A;OICI;0x1200a9;;;BU)');
  });

  it('fails the build rather than ship an MSI without the folder when the template changes', () => {
    expect(() => hook.withPolicyFolder('<Wix><Product></Product></Wix>')).toThrow(/the MSI template has changed/);
  });
});
