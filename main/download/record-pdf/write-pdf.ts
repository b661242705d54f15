/**
 * Writes the record PDF to its file while it is being built, one document's objects at a time, hashing as it goes, so
 * memory holds about one document however large the record. pdf-lib keeps a document's every object until it is
 * saved, and its own save() then copies the whole file into one buffer; here each document's objects are written as
 * soon as the document is added and then dropped from pdf-lib's context.
 *
 * What stays until the end is small: the catalog, the page tree (its Kids are references), the document info, and
 * the index and outline, which are made last. The cross-reference table is classic (PDF 1.7), sorted by object number.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { PDFCrossRefSection, type PDFDocument, PDFHeader, PDFName, PDFNumber, type PDFRef, PDFStream, PDFTrailer, PDFTrailerDict } from 'pdf-lib';

/** Anything pdf-lib can serialise: objects, the header, the cross-reference table, the trailer. */
interface Serialisable {
  sizeInBytes(): number;
  copyBytesInto(buffer: Uint8Array, offset: number): number;
}

const BATCH_BYTES = 1024 * 1024;
/** Contents this large are written from pdf-lib's own bytes rather than copied into the batch. */
const DIRECT_BYTES = 256 * 1024;

/**
 * One record PDF being written. Usage: `start`, then per document `mark()` before adding it and `writeSince(mark)`
 * after (or `discardSince(mark)` when it could not be added), then `appendPages` and `finish`.
 */
export class PdfFileWriter {
  private readonly offsets: Array<{ readonly ref: PDFRef; readonly offset: number }> = [];

  private constructor(
    private readonly document: PDFDocument,
    private readonly out: FileOutput,
  ) {}

  /** Writes the header to the start of the (empty) file. */
  static async start(document: PDFDocument, handle: FileHandle): Promise<PdfFileWriter> {
    const out = new FileOutput(handle);
    await out.add(PDFHeader.forVersion(1, 7));
    await out.text('\n\n');
    return new PdfFileWriter(document, out);
  }

  /** The page tree's root: merged pages name it as their /Parent and are listed in it by `appendPages`. */
  get pagesRoot(): PDFRef {
    return this.document.catalog.get(PDFName.of('Pages')) as PDFRef;
  }

  /** Every object made after this (its number is higher) belongs to what is added next. */
  mark(): number {
    return this.document.context.largestObjectNumber;
  }

  /** Writes every object numbered above `mark` to the file, then lets pdf-lib forget it. */
  async writeSince(mark: number, signal?: AbortSignal): Promise<void> {
    await this.writeObjects(mark, signal);
  }

  /** Forgets, unwritten, every object numbered above `mark`: what a document that could not be added left behind. */
  discardSince(mark: number): void {
    const context = this.document.context;
    for (const [ref] of context.enumerateIndirectObjects()) {
      if (ref.objectNumber > mark) {
        context.delete(ref);
      }
    }
  }

  /** Lists pages already written after the pages the page tree holds (the index), in order. */
  appendPages(pages: ReadonlyArray<PDFRef>): void {
    const tree = this.document.catalog.Pages();
    const kids = tree.Kids();
    for (const page of pages) {
      kids.push(page);
    }
    tree.set(PDFName.of('Count'), PDFNumber.of(tree.Count().asNumber() + pages.length));
  }

  /** Writes everything not yet written, the cross-reference table and the trailer; the file's size and SHA-256. */
  async finish(signal?: AbortSignal): Promise<{ readonly bytes: number; readonly sha256: string }> {
    // Embeds the fonts and images that pdf-lib embeds only on save (the index's fonts).
    await this.document.flush();
    await this.writeObjects(-1, signal);
    const xref = PDFCrossRefSection.create();
    for (const { ref, offset } of [...this.offsets].sort((a, b) => a.ref.objectNumber - b.ref.objectNumber)) {
      xref.addEntry(ref, offset);
    }
    const xrefOffset = this.out.offset;
    await this.out.add(xref);
    await this.out.text('\n');
    const context = this.document.context;
    const { Root, Info, ID } = context.trailerInfo;
    await this.out.add(PDFTrailerDict.of(context.obj({ Size: context.largestObjectNumber + 1, Root, Info, ID })));
    await this.out.text('\n\n');
    await this.out.add(PDFTrailer.forLastCrossRefSectionOffset(xrefOffset));
    await this.out.flush();
    return { bytes: this.out.offset, sha256: this.out.digest() };
  }

  private async writeObjects(above: number, signal: AbortSignal | undefined): Promise<void> {
    const context = this.document.context;
    for (const [ref, object] of context.enumerateIndirectObjects()) {
      if (ref.objectNumber <= above) {
        continue;
      }
      signal?.throwIfAborted();
      this.offsets.push({ ref, offset: this.out.offset });
      await this.out.text(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
      await this.out.add(object);
      await this.out.text('\nendobj\n\n');
      context.delete(ref);
    }
  }
}

/**
 * The file's bytes in order, through one batch buffer reused for the whole file: small objects are serialised
 * straight into it and written about a megabyte at a time; a stream's contents (a page's images and drawing, often
 * megabytes) are written from where pdf-lib holds them. Nothing is copied to be written but the small pieces, so a
 * large record does not churn through a fresh buffer or two per document, which is what held the memory up.
 */
class FileOutput {
  /** Bytes given so far: where the next one lands in the file. */
  offset = 0;
  private readonly hash = createHash('sha256');
  private readonly batch = Buffer.allocUnsafeSlow(BATCH_BYTES);
  private used = 0;

  constructor(private readonly handle: FileHandle) {}

  async add(part: Serialisable): Promise<void> {
    if (part instanceof PDFStream) {
      await this.stream(part);
      return;
    }
    const size = part.sizeInBytes();
    if (size > BATCH_BYTES) {
      const bytes = new Uint8Array(size);
      part.copyBytesInto(bytes, 0);
      await this.bytes(bytes);
      return;
    }
    if (size > BATCH_BYTES - this.used) {
      await this.flush();
    }
    part.copyBytesInto(this.batch, this.used);
    this.used += size;
    this.offset += size;
  }

  text(text: string): Promise<void> {
    return this.bytes(Buffer.from(text, 'latin1'));
  }

  async flush(): Promise<void> {
    if (this.used === 0) {
      return;
    }
    const pending = this.batch.subarray(0, this.used);
    this.used = 0;
    await this.write(pending);
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  /** What PDFStream.copyBytesInto writes, with the contents not copied byte by byte into a buffer of the whole. */
  private async stream(stream: PDFStream): Promise<void> {
    stream.updateDict();
    await this.add(stream.dict);
    await this.text('\nstream\n');
    await this.bytes(stream.getContents());
    await this.text('\nendstream');
  }

  private async bytes(bytes: Uint8Array): Promise<void> {
    // Bytes written straight to the file must follow what the batch still holds, never overtake it.
    if (bytes.length >= DIRECT_BYTES || bytes.length > BATCH_BYTES - this.used) {
      await this.flush();
    }
    this.offset += bytes.length;
    if (bytes.length >= DIRECT_BYTES) {
      await this.write(bytes);
      return;
    }
    this.batch.set(bytes, this.used);
    this.used += bytes.length;
  }

  private async write(bytes: Uint8Array): Promise<void> {
    this.hash.update(bytes);
    for (let written = 0; written < bytes.length; ) {
      written += (await this.handle.write(bytes, written, bytes.length - written)).bytesWritten;
    }
  }
}
