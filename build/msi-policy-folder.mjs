// electron-builder's msiProjectCreated hook (electron-builder.yml): adds to the MSI's WiX project what
// build/installer.nsh does for NSIS, the machine policy folder %ProgramData%\Document Store Desktop, which only
// Administrators and SYSTEM may write.
//
// C:\ProgramData lets every user create files in a new subfolder, so a folder made with the default permissions would
// let any user write the policy that binds everyone (the app also refuses such a policy.json: main/config/policy-trust.ts).
// The folder is a component of its own with a fixed GUID, marked Permanent: uninstalling keeps it and its policy.json,
// which belong to IT. Its ACL is set by Windows Installer's MsiLockPermissionsEx table (PermissionEx, Windows
// Installer 5.0, which the template already requires) from SDDL, so it works in every display language.
// Checked by test/unit/config/policy-folder-msi.test.ts; only a Windows build runs WiX itself.
import { readFile, writeFile } from 'node:fs/promises';

/** Nothing inherited; SYSTEM and Administrators full control, Users read and execute (as the NSIS include sets). */
export const POLICY_FOLDER_SDDL = 'D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)';
// Never change: Windows Installer tracks the folder by it across upgrades.
const COMPONENT_GUID = '6F1D3C52-8B0E-4E37-9A4C-2D7B5E9F1A63';
const FEATURE_ANCHOR = '<ComponentGroupRef Id="ProductComponents"/>';
const PRODUCT_END = '</Product>';

/**
 * The WiX project with the policy folder added; throws when the template no longer has the places it goes.
 * @param {string} wxs
 * @returns {string}
 */
export function withPolicyFolder(wxs) {
  if (wxs.includes('Id="DocumentStorePolicyFolder"')) {
    return wxs;
  }
  if (!wxs.includes(FEATURE_ANCHOR) || !wxs.includes(PRODUCT_END)) {
    throw new Error('build/msi-policy-folder.mjs: the MSI template has changed; the policy folder cannot be added (see docs/install.md).');
  }
  const folder = `
    <!-- The machine policy folder (build/msi-policy-folder.mjs). -->
    <DirectoryRef Id="TARGETDIR">
      <Directory Id="CommonAppDataFolder">
        <Directory Id="DocumentStorePolicyFolder" Name="Document Store Desktop"/>
      </Directory>
    </DirectoryRef>
    <Component Id="DocumentStorePolicyFolder" Directory="DocumentStorePolicyFolder" Guid="${COMPONENT_GUID}" KeyPath="yes" Permanent="yes">
      <CreateFolder>
        <PermissionEx Sddl="${POLICY_FOLDER_SDDL}"/>
      </CreateFolder>
    </Component>
  `;
  return wxs
    .replace(FEATURE_ANCHOR, `${FEATURE_ANCHOR}\n      <ComponentRef Id="DocumentStorePolicyFolder"/>`)
    .replace(PRODUCT_END, `${folder}${PRODUCT_END}`);
}

/**
 * The hook: electron-builder passes the path of the project.wxs it has just written, before candle compiles it.
 * @param {string} projectFile
 */
export async function msiProjectCreated(projectFile) {
  await writeFile(projectFile, withPolicyFolder(await readFile(projectFile, 'utf8')));
}
