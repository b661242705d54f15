import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  type CompletedPart,
  CreateMultipartUploadCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

/**
 * The leanest multipart upload of a byte stream: parts are copied into `queueSize + 1` reused buffers, `queueSize`
 * in flight. The raw-copy baseline keeps its own rather than the app's (main/download/upload-zip.ts), so the limit
 * it measures cannot move when the app's uploader changes; it also skips the hashing the app needs.
 */
export async function uploadPooled(
  s3: S3Client,
  target: { readonly Bucket: string; readonly Key: string },
  source: AsyncIterable<Buffer>,
  partSize: number,
  queueSize: number,
): Promise<number> {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand(target));
  const free: Buffer[] = [];
  const inFlight = new Set<Promise<void>>();
  const parts: CompletedPart[] = [];
  let current: Buffer | undefined;
  let filled = 0;
  let total = 0;
  const send = async (buffer: Buffer, length: number): Promise<void> => {
    while (inFlight.size >= queueSize) {
      await Promise.race(inFlight);
    }
    const PartNumber = parts.length + inFlight.size + 1;
    const part = s3
      .send(new UploadPartCommand({ ...target, UploadId, PartNumber, Body: buffer.subarray(0, length), ContentLength: length }))
      .then(({ ETag }) => void parts.push({ PartNumber, ETag }))
      .finally(() => {
        inFlight.delete(part);
        free.push(buffer);
      });
    part.catch(() => undefined);
    inFlight.add(part);
  };
  try {
    for await (const chunk of source) {
      total += chunk.length;
      for (let offset = 0; offset < chunk.length; ) {
        current ??= free.pop() ?? Buffer.allocUnsafeSlow(partSize);
        const copied = chunk.copy(current, filled, offset);
        filled += copied;
        offset += copied;
        if (filled === partSize) {
          await send(current, filled);
          current = undefined;
          filled = 0;
        }
      }
    }
    if (filled > 0 && current !== undefined) {
      await send(current, filled);
    }
    await Promise.all([...inFlight]);
    parts.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await s3.send(new CompleteMultipartUploadCommand({ ...target, UploadId, MultipartUpload: { Parts: parts } }));
    return total;
  } catch (error) {
    await Promise.allSettled([...inFlight]);
    await s3.send(new AbortMultipartUploadCommand({ ...target, UploadId })).catch(() => undefined);
    throw error;
  }
}
