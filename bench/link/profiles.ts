/** The link profiles the shaped-link bench runs on (issue 17 §1). */
export interface LinkProfile {
  readonly name: LinkProfileName;
  /** What it stands for, for reports. */
  readonly description: string;
  /** Server → client (S3 to the app), bits per second; undefined: not shaped at all (no proxy). */
  readonly downBitsPerSecond?: number;
  /** Client → server (the app to S3). */
  readonly upBitsPerSecond?: number;
  /** Round trip added by the link; half of it each way. */
  readonly roundTripMs: number;
}

export const LINK_PROFILE_NAMES = ['practice', 'adsl', 'loopback'] as const;
export type LinkProfileName = (typeof LINK_PROFILE_NAMES)[number];

const MBIT = 1_000_000;

export const LINK_PROFILES: Readonly<Record<LinkProfileName, LinkProfile>> = {
  practice: { name: 'practice', description: '100 Mbit/s down, 20 Mbit/s up, 20 ms round trip', downBitsPerSecond: 100 * MBIT, upBitsPerSecond: 20 * MBIT, roundTripMs: 20 },
  adsl: { name: 'adsl', description: '24 Mbit/s down, 4 Mbit/s up, 40 ms round trip', downBitsPerSecond: 24 * MBIT, upBitsPerSecond: 4 * MBIT, roundTripMs: 40 },
  // Straight to the sandbox, no proxy: the same path as the loopback throughput figures.
  loopback: { name: 'loopback', description: 'loopback, not shaped (no proxy)', roundTripMs: 0 },
};

/** "practice,adsl" → profiles; throws on a name it does not know. */
export function parseProfiles(list: string): LinkProfile[] {
  return list.split(',').map((name) => {
    const profile = (LINK_PROFILES as Readonly<Record<string, LinkProfile>>)[name.trim()];
    if (profile === undefined) {
      throw new Error(`unknown link profile "${name}"; choose from ${LINK_PROFILE_NAMES.join(', ')}`);
    }
    return profile;
  });
}

export function isShaped(profile: LinkProfile): boolean {
  return profile.downBitsPerSecond !== undefined || profile.upBitsPerSecond !== undefined || profile.roundTripMs > 0;
}

/** Seconds to move `bytes` at `bitsPerSecond`: the floor a transfer on the link cannot beat. */
export function transferSeconds(bytes: number, bitsPerSecond: number | undefined): number {
  return bitsPerSecond === undefined ? 0 : (bytes * 8) / bitsPerSecond;
}
