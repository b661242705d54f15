/** The words the "Managed settings" page uses for where a setting comes from. */
import type { ManagedSettingSource } from '../../../../common/managed-settings.js';

/** Each source as the page's "Source" column says it, in sentence case. */
export const SOURCE_WORDS: Readonly<Record<ManagedSettingSource, string>> = {
  registry: 'Windows registry (Group Policy)',
  profile: 'Configuration profile',
  file: 'Policy file',
  environment: 'Environment variable',
  default: 'Default',
};
