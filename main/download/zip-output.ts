import type { Writable } from 'node:stream';

/** Where a ZIP is written while it is built: the S3 upload (upload-zip.ts) or the folder's `.partial` (local-zip-output.ts). */
export interface ZipOutput {
  /** Where the ZIP writer writes. */
  readonly input: Writable;
  /** Resolves once the output holds the whole ZIP: its size and SHA-256 (hex). */
  done(): Promise<{ readonly bytes: number; readonly sha256: string }>;
  /** Stops the output after a failure or cancel and removes what it can of what was written. */
  abort(): Promise<void>;
}
