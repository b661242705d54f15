// S3's limits: 5 MiB to 5 GiB a part (but the last), 10,000 parts and 5 TiB an object.
/** The first parts' size: S3's minimum part. */
export const PART_SIZE = 5 * 1024 * 1024;
const MAX_PART_SIZE = 5 * 1024 ** 3;
export const MAX_OBJECT_BYTES = 5 * 1024 ** 4;
const MIB = 1024 * 1024;
// The ZIP's size is unknown until it is written, so the part size grows with the part number: 5 MiB parts for the
// first 3,000 (ZIPs up to 14.6 GiB, most records by far), then a quarter larger every 200 parts: 10,000 parts then
// hold 8.7 TiB (≥ 5 TiB), and a 100 GB ZIP uses 90 MiB parts.
const PARTS_AT_MINIMUM = 3_000;
const PARTS_PER_STEP = 200;
const GROWTH_PER_STEP = 1.25;

/** The size of part `partNumber` (from 1): every part but the last has exactly this size. */
export function partSize(partNumber: number): number {
  const steps = Math.max(0, Math.ceil((partNumber - PARTS_AT_MINIMUM) / PARTS_PER_STEP));
  return Math.min(Math.floor((PART_SIZE * GROWTH_PER_STEP ** steps) / MIB) * MIB, MAX_PART_SIZE);
}

/** The ZIP outgrew what S3 can store as one object. */
export class ZipTooLargeError extends Error {
  override readonly name = 'ZipTooLargeError';

  constructor() {
    super(
      `This record is too large to download as one ZIP: the ZIP would pass the document store's limit of ${MAX_OBJECT_BYTES / 1024 ** 4} TiB per file. Nothing was saved. Contact your IT service desk.`,
    );
  }
}
