/**
 * The macOS configuration profile example: every setting with its example value, in a payload for the app's
 * managed-preferences domain, ready for an MDM to deploy once IT has put in its own values.
 */
import { exampleFor, POLICY_PREFERENCES_DOMAIN, POLICY_PRODUCT, type PolicySettingInfo } from './policy-settings.js';

// Fixed, so regenerating gives the same file; an MDM replaces a profile with the same identifier and UUID.
const PROFILE_UUID = '5B0E7C3E-2F5D-4C8B-9B7A-6B1C2D0E4F11';
const PAYLOAD_UUID = 'C4A7D2F0-8E1B-4B3A-A9C5-3D6E7F8091A2';

// Only one of the two audit queue settings may be set.
const LEFT_OUT = new Set(['auditQueueName']);

/** The example profile (XML property list). */
export function renderMobileconfig(settings: ReadonlyArray<PolicySettingInfo>): string {
  const values = exampleValues(settings);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Generated from main/config/policy-schema.ts by \`npm run -s cli -- policy --write-templates\`; do not edit. -->
<!-- An example: replace each value with your organisation's, and remove the settings you do not set (docs/policy.md). -->
<plist version="1.0">
<dict>
  <key>PayloadContent</key>
  <array>
    <dict>
      <key>PayloadType</key>
      <string>${POLICY_PREFERENCES_DOMAIN}</string>
      <key>PayloadIdentifier</key>
      <string>${POLICY_PREFERENCES_DOMAIN}.policy.settings</string>
      <key>PayloadUUID</key>
      <string>${PAYLOAD_UUID}</string>
      <key>PayloadVersion</key>
      <integer>1</integer>
      <key>PayloadDisplayName</key>
      <string>${POLICY_PRODUCT} settings</string>
${plistEntries(values, 6)}
    </dict>
  </array>
  <key>PayloadDisplayName</key>
  <string>${POLICY_PRODUCT} managed settings</string>
  <key>PayloadIdentifier</key>
  <string>${POLICY_PREFERENCES_DOMAIN}.policy</string>
  <key>PayloadScope</key>
  <string>System</string>
  <key>PayloadType</key>
  <string>Configuration</string>
  <key>PayloadUUID</key>
  <string>${PROFILE_UUID}</string>
  <key>PayloadVersion</key>
  <integer>1</integer>
</dict>
</plist>
`;
}

/** The example settings as a policy object: what the profile holds, nested as policy.json nests it. */
export function exampleValues(settings: ReadonlyArray<PolicySettingInfo>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const groups: Record<string, Record<string, unknown>> = {};
  for (const setting of settings.filter(({ field }) => !LEFT_OUT.has(field))) {
    const example = exampleFor(setting, 'posix');
    const [first = '', second] = setting.field.split('.');
    if (example === undefined) {
      continue;
    }
    if (second === undefined) {
      values[first] = example;
    } else {
      values[first] = groups[first] ??= {};
      groups[first][second] = example;
    }
  }
  return values;
}

function plistEntries(values: Readonly<Record<string, unknown>>, indent: number): string {
  const pad = ' '.repeat(indent);
  return Object.entries(values)
    .map(([key, value]) => `${pad}<key>${escapeXml(key)}</key>\n${plistValue(value, indent)}`)
    .join('\n');
}

function plistValue(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  if (typeof value === 'boolean') {
    return `${pad}<${value} />`;
  }
  if (typeof value === 'number') {
    return `${pad}<integer>${value}</integer>`;
  }
  if (typeof value === 'object' && value !== null) {
    return `${pad}<dict>\n${plistEntries(value as Record<string, unknown>, indent + 2)}\n${pad}</dict>`;
  }
  return `${pad}<string>${escapeXml(String(value))}</string>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
