/** The files made from the policy definition, by their path in the repository: written by the CLI, checked by a test. */
import { renderAdml, renderAdmx } from './admx.js';
import { renderMobileconfig } from './mobileconfig.js';
import { renderPolicyDoc } from './policy-doc.js';
import { policySettings } from './policy-settings.js';
import { policyJsonSchema } from '../../config/policy-schema.js';

/** Each generated file's repository-relative path and its content. */
export function policyTemplates(): ReadonlyMap<string, string> {
  const settings = policySettings();
  return new Map([
    ['docs/policy.md', renderPolicyDoc(settings)],
    ['build/policy/policy.schema.json', `${JSON.stringify(policyJsonSchema(), null, 2)}\n`],
    ['build/policy/windows/DocumentStoreDesktop.admx', renderAdmx(settings)],
    ['build/policy/windows/en-US/DocumentStoreDesktop.adml', renderAdml(settings)],
    ['build/policy/macos/uk.nhs.documentstore.desktop.mobileconfig', renderMobileconfig(settings)],
  ]);
}
