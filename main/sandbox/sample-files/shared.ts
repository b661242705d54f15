// Argument validation, Latin-1 bytes and the seeded pseudo-random helpers the sample file generators share.

export function requireInteger(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`${name} must be an integer of at least ${minimum}, got ${value}`);
  }
}

export function ascii(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return hash >>> 0;
}

/** Xorshift32: cheap, deterministic, and good enough that deflate cannot shrink the output. */
export function nextRandomState(state: number): number {
  let next = state;
  next ^= next << 13;
  next ^= next >>> 17;
  next ^= next << 5;
  return next >>> 0;
}

/** `count` RGB colours derived deterministically from the seed. */
export function seedPalette(seed: number, count: number): Array<readonly [number, number, number]> {
  let state = hashString(`palette:${seed}`) || 1;
  return Array.from({ length: count }, () => {
    state = nextRandomState(state);
    return [state & 0xff, (state >>> 8) & 0xff, (state >>> 16) & 0xff] as const;
  });
}
