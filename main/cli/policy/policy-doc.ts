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

### Precedence

The app reads all three. When more than one sets a setting, the first of these that holds a valid value wins,
setting by setting:

1. the operating system's managed channel: on Windows the registry key above (Group Policy, Intune), on macOS the
   configuration profile's managed preferences (\`/Library/Managed Preferences/${POLICY_PREFERENCES_DOMAIN}.plist\`,
   then the per-user \`/Library/Managed Preferences/<user>/${POLICY_PREFERENCES_DOMAIN}.plist\`);
2. \`policy.json\`;
3. the environment variable ("Without a policy" below);
4. the default.

A registry or profile value of the wrong type (a \`REG_DWORD\` where text is expected, a \`<string>\` where a number
is) or that breaks its rule is ignored, and the setting falls to the next source; the error is shown on the app's
"Managed settings" page (footer), at the end of "Copy diagnostics" and by \`doctor\`, which then exits 1. A
\`policy.json\` that is not valid still stops the app. The audit queue is one choice: a channel that sets
\`auditQueueUrl\` or \`auditQueueName\` replaces both of the file's.

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
