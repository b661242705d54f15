/**
 * The Windows Group Policy templates: an ADMX file (one machine policy per setting, each a registry value under
 * HKLM\Software\Policies\NHS England\Document Store Desktop named by the setting's field path) and its en-US ADML
 * file (the names, explanations and input labels).
 */
import { POLICY_PRODUCT, POLICY_REGISTRY_KEY, type PolicySettingInfo } from './policy-settings.js';

const CATEGORY = 'DocumentStoreDesktop';
const SUPPORTED = 'SUPPORTED_DocumentStoreDesktop';

/** The ADMX file: policy definitions that refer to the ADML's strings and presentations. */
export function renderAdmx(settings: ReadonlyArray<PolicySettingInfo>): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated from main/config/policy-schema.ts by \`npm run -s cli -- policy --write-templates\`; do not edit. -->
<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <policyNamespaces>
    <target prefix="documentstoredesktop" namespace="NHSEngland.Policies.DocumentStoreDesktop" />
    <using prefix="windows" namespace="Microsoft.Policies.Windows" />
  </policyNamespaces>
  <resources minRequiredRevision="1.0" />
  <supportedOn>
    <definitions>
      <definition name="${SUPPORTED}" displayName="$(string.${SUPPORTED})" />
    </definitions>
  </supportedOn>
  <categories>
    <category name="${CATEGORY}" displayName="$(string.${CATEGORY})" />
  </categories>
  <policies>
${settings.map(policyElement).join('\n')}
  </policies>
</policyDefinitions>
`;
}

/** The en-US ADML file: what the Group Policy editor shows for each setting. */
export function renderAdml(settings: ReadonlyArray<PolicySettingInfo>): string {
  const strings = [
    string(CATEGORY, POLICY_PRODUCT),
    string(SUPPORTED, `${POLICY_PRODUCT} 0.1 and later`),
    ...settings.flatMap((setting) => [string(idOf(setting), setting.field), string(`${idOf(setting)}_Explain`, explanation(setting))]),
  ];
  const presentations = settings.filter((setting) => setting.type !== 'boolean').map(presentation);
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated from main/config/policy-schema.ts by \`npm run -s cli -- policy --write-templates\`; do not edit. -->
<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <displayName>${escapeXml(POLICY_PRODUCT)}</displayName>
  <description>${escapeXml(`Managed settings for ${POLICY_PRODUCT}.`)}</description>
  <resources>
    <stringTable>
${strings.join('\n')}
    </stringTable>
    <presentationTable>
${presentations.join('\n')}
    </presentationTable>
  </resources>
</policyDefinitionResources>
`;
}

// ADMX names allow letters, digits and underscores: "saveFolder.path" becomes "saveFolder_path".
function idOf(setting: PolicySettingInfo): string {
  return setting.field.replace(/\./g, '_');
}

function policyElement(setting: PolicySettingInfo): string {
  const id = idOf(setting);
  const opening = `    <policy name="${id}" class="Machine" displayName="$(string.${id})" explainText="$(string.${id}_Explain)" key="${escapeXml(POLICY_REGISTRY_KEY)}"`;
  const parent = `      <parentCategory ref="${CATEGORY}" />\n      <supportedOn ref="${SUPPORTED}" />`;
  if (setting.type === 'boolean') {
    return `${opening} valueName="${setting.field}">
${parent}
      <enabledValue><decimal value="1" /></enabledValue>
      <disabledValue><decimal value="0" /></disabledValue>
    </policy>`;
  }
  const element =
    setting.type === 'integer'
      ? `<decimal id="${id}" valueName="${setting.field}" required="true" minValue="${setting.minimum ?? 0}" maxValue="${setting.maximum ?? 4294967295}" />`
      : `<text id="${id}" valueName="${setting.field}" required="true" maxLength="${setting.maxLength ?? 255}" />`;
  return `${opening} presentation="$(presentation.${id})">
${parent}
      <elements>
        ${element}
      </elements>
    </policy>`;
}

function presentation(setting: PolicySettingInfo): string {
  const id = idOf(setting);
  const input = setting.type === 'integer' ? `<decimalTextBox refId="${id}">${escapeXml(setting.field)}</decimalTextBox>` : `<textBox refId="${id}"><label>${escapeXml(setting.field)}</label></textBox>`;
  return `      <presentation id="${id}">${input}</presentation>`;
}

function string(id: string, text: string): string {
  return `      <string id="${id}">${escapeXml(text)}</string>`;
}

function explanation(setting: PolicySettingInfo): string {
  const lines = [
    setting.group === undefined ? setting.description : `${setting.description}\n\nPart of "${setting.group.field}": ${setting.group.description}`,
    `The value ${setting.rule}.`,
    setting.type === 'boolean' ? 'Enabled: true. Disabled: false.' : undefined,
    `Not configured: ${setting.withoutPolicy}.`,
    `Registry: HKLM\\${POLICY_REGISTRY_KEY}, value "${setting.field}" (${setting.type === 'string' ? 'REG_SZ' : 'REG_DWORD'}).`,
  ];
  return lines.filter((line) => line !== undefined).join('\n\n');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
