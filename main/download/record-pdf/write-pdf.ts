/**
 * Writes a pdf-lib document to an open file one object at a time, hashing as it goes. pdf-lib's own save() first
 * copies the whole file into one buffer, which for a large record would double what the document already holds.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { PDFCrossRefSection, type PDFDocument, PDFHeader, PDFTrailer, PDFTrailerDict } from 'pdf-lib';

/** Anything pdf-lib can serialise: objects, the header, the cross-reference table, the trailer. */
interface Serialisable {
  sizeInBytes(): number;
  copyBytesInto(buffer: Uint8Array, offset: number): number;
}

const FLUSH_BYTES = 1024 * 1024;

/** Writes the document (PDF 1.7, a classic cross-reference table) from the handle's start; resolves its size and SHA-256. */
export async function writePdf(document: PDFDocument, handle: FileHandle, signal?: AbortSignal): Promise<{ readonly bytes: number; readonly sha256: string }> {
  await document.flush();
  const context = document.context;
  const out = new FileOutput(handle);
  await out.add(PDFHeader.forVersion(1, 7));
  await out.text('\n\n');
  const xref = PDFCrossRefSection.create();
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    signal?.throwIfAborted();
    xref.addEntry(ref, out.offset);
    await out.text(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    await out.add(object);
    await out.text('\nendobj\n\n');
  }
  const xrefOffset = out.offset;
  await out.add(xref);
  await out.text('\n');
  const { Root, Info, ID } = context.trailerInfo;
  await out.add(PDFTrailerDict.of(context.obj({ Size: context.largestObjectNumber + 1, Root, Info, ID })));
  await out.text('\n\n');
  await out.add(PDFTrailer.forLastCrossRefSectionOffset(xrefOffset));
  await out.flush();
  return { bytes: out.offset, sha256: out.digest() };
}

/** Small pieces gathered into writes of about a megabyte; a large stream is written as it is. */
class FileOutput {
  offset = 0;
  private readonly hash = createHash('sha256');
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(private readonly handle: FileHandle) {}

  add(part: Serialisable): Promise<void> {
    const bytes = new Uint8Array(part.sizeInBytes());
    part.copyBytesInto(bytes, 0);
    return this.push(bytes);
  }

  text(text: string): Promise<void> {
    return this.push(Buffer.from(text, 'latin1'));
  }

  async flush(): Promise<void> {
    if (this.pendingBytes === 0) {
      return;
    }
    const chunk = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    for (let written = 0; written < chunk.length; ) {
      written += (await this.handle.write(chunk, written, chunk.length - written)).bytesWritten;
    }
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  private async push(bytes: Uint8Array): Promise<void> {
    this.hash.update(bytes);
    this.offset += bytes.length;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= FLUSH_BYTES) {
      await this.flush();
    }
  }
}
