/** docs/policy.md: every policy setting with its type, rule, value without a policy, example and meaning. */
import { exampleFor, POLICY_PREFERENCES_DOMAIN, POLICY_REGISTRY_KEY, type PolicySettingInfo } from './policy-settings.js';

/** The Markdown page. */
export function renderPolicyDoc(settings: ReadonlyArray<PolicySettingInfo>): string {
  const rows: string[] = [];
  for (const [index, setting] of settings.entries()) {
    const group = setting.group;
    if (group !== undefined && settings[index - 1]?.group?.field !== group.field) {
      rows.push(`| \`${group.field}\` | object | the settings below | | | ${cell(group.description)} |`);
    }
    rows.push(`| \`${setting.field}\` | ${setting.type} | ${cell(setting.rule)} | ${cell(setting.withoutPolicy)} | ${example(setting)} | ${cell(setting.description)} |`);
  }
  return `<!-- Generated from main/config/policy-schema.ts by \`npm run -s cli -- policy --write-templates\`; do not edit. -->
# Policy settings

Every setting an organisation can fix for all users of a computer. Where they are set, how they combine with
environment variables and user settings, and how the file is checked: [it-administrators.md](it-administrators.md).

| Where | How a setting is named |
|---|---|
| \`policy.json\` (every OS) | the field path, nested as shown: \`"saveFolder": { "path": … }\` |
| Windows Group Policy (\`build/policy/windows/\`) | value \`<field path>\` under \`HKLM\\${POLICY_REGISTRY_KEY}\` |
| macOS configuration profile (\`build/policy/macos/\`) | key in the \`${POLICY_PREFERENCES_DOMAIN}\` payload, nested as in policy.json |

This version of the app reads \`policy.json\` only. The Group Policy templates and the profile are generated from the
same definition so that they stay in step with it; the app does not yet read the registry or managed preferences.

The JSON Schema for editors and checks: \`npm run -s cli -- policy --schema\`. Unknown fields are ignored with a
warning in the log (a policy written for a newer version still works), except a likely misspelling of a setting
(\`"allowSandBox"\`), which stops the app with a message naming the setting meant.

| Setting | Type | Value | Without a policy | Example | Meaning |
|---|---|---|---|---|---|
${rows.join('\n')}
`;
}

function example(setting: PolicySettingInfo): string {
  const windows = exampleFor(setting, 'win32');
  const posix = exampleFor(setting, 'posix');
  const shown = [windows, ...(posix === windows ? [] : [posix])].filter((value) => value !== undefined).map((value) => `\`${JSON.stringify(value)}\``);
  return shown.join(' or ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, ' ');
}
