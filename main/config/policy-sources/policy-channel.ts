/**
 * What the operating system's managed channel (the Windows registry's policies key, a macOS configuration profile)
 * holds for this app: each value found, with why it cannot be used when it cannot. Both readers produce this.
 */

/** The OS channels an organisation manages settings through; the policy file is read beside them. */
export type ManagedChannel = 'registry' | 'profile';

/** One value the channel holds, under the setting's field path (or the unknown name it was found under). */
export interface ChannelSetting {
  readonly field: string;
  /** As the channel holds it: a string, a number, a boolean, or (for a value of the wrong type) what it is. */
  readonly value: unknown;
  /** Where it was found: the registry key, or the profile's file. */
  readonly location: string;
  /** Why the setting is ignored (the wrong type, an unknown name); it then falls to the next source. */
  readonly error?: string;
}

/** What a channel holds; `settings` is empty when nothing is set. */
export interface ChannelValues {
  readonly channel: ManagedChannel;
  readonly settings: ReadonlyArray<ChannelSetting>;
}

/** The channel's values, or why it could not be read at all (then the app does not start, as with a broken file). */
export type ChannelReading = { readonly ok: true; readonly value: ChannelValues } | { readonly ok: false; readonly problem: string };

/** Reads the channel of the OS this runs on. */
export type ChannelReader = () => Promise<ChannelReading>;
