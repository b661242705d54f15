import { createWriteStream } from 'node:fs';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';

/** Streams a URL to a file the way a browser saves a download: no hashing, no fsync. Returns the bytes written. */
export async function downloadToFile(url: string, file: string): Promise<number> {
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http.get(url, resolve).on('error', reject);
  });
  if (response.statusCode !== 200) {
    response.resume();
    throw new Error(`GET answered HTTP ${String(response.statusCode)}`);
  }
  const out = createWriteStream(file);
  await pipeline(response, out);
  return out.bytesWritten;
}
