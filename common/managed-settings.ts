/** The "Managed settings" page: each setting, its value, where it came from, and any error for it. */

/**
 * Where a setting's value comes from, in precedence order: the OS's managed channel (Windows registry, macOS
 * configuration profile), the policy file, an environment variable, the built-in default.
 */
export type ManagedSettingSource = 'registry' | 'profile' | 'file' | 'environment' | 'default';

/** One row of the page. Values are masked in main: a proxy password never reaches the window. */
export interface ManagedSettingRow {
  /** The setting's name as policy.json, the registry and the profile spell it (`saveFolder.path`). */
  readonly name: string;
  /** The value in force, as text; null when nothing sets it (the default applies). */
  readonly value: string | null;
  readonly source: ManagedSettingSource;
  /** The registry key, profile file, policy file or variable it came from; null for the default. */
  readonly location: string | null;
  /** What applies when nothing sets it, in words. */
  readonly whenNotSet: string;
  /** Values found for this setting that are ignored, each with why (the wrong type, not valid). */
  readonly errors: ReadonlyArray<string>;
}

export interface ManagedSettingsView {
  /** Every setting this version knows, in the policy's order, then any unknown names a source holds. */
  readonly settings: ReadonlyArray<ManagedSettingRow>;
  /** True when any source an organisation controls (registry, profile, file) sets something. */
  readonly managed: boolean;
  /** Why the policy cannot be used at all (the app then does not start, but `doctor` shows it); null when it can. */
  readonly problem: string | null;
}
