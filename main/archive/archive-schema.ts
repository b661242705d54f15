import { z } from 'zod';
import type { ArchiveEntry } from '../../common/archive.js';
import { MANIFEST_FORMAT, type Manifest, type ManifestDocument } from '../../common/manifest.js';

const nullableString = z.string().nullable();
const count = z.number().int().nonnegative();

/** One document of a manifest; unknown fields are kept, for manifests from a newer version. */
export const manifestDocumentSchema: z.ZodType<ManifestDocument> = z.looseObject({
  id: z.string(),
  fileName: z.string(),
  entryName: nullableString,
  contentType: nullableString,
  size: count.nullable(),
  sha256: nullableString,
  uploaded: nullableString,
  status: z.enum(['included', 'excluded', 'missing']),
  reason: z.string().optional(),
  error: z.string().optional(),
});

/** This app's `manifest.json`. */
export const manifestSchema: z.ZodType<Manifest> = z.looseObject({
  format: z.literal(MANIFEST_FORMAT),
  nhsNumber: z.string(),
  correlationId: z.string(),
  createdAt: z.string(),
  application: z.looseObject({ name: z.string(), version: z.string() }),
  counts: z.looseObject({ included: count, excluded: count, missing: count }),
  documents: z.array(manifestDocumentSchema),
});

// Loose, so an entry written by a newer version keeps the fields this one does not know when the index is rewritten.
const archiveEntrySchema: z.ZodType<ArchiveEntry> = z.looseObject({
  id: z.string().min(1),
  source: z.enum(['download', 'import']),
  nhsNumber: nullableString,
  savedAt: z.string(),
  addedAt: z.string(),
  path: z.string().min(1),
  bytes: count,
  sha256: z.string().regex(/^[0-9a-f]{64}$/u),
  documentCount: count,
  missingCount: count,
  correlationId: nullableString,
  environment: nullableString,
  documents: z.array(manifestDocumentSchema),
  manifestVerified: z.boolean().optional(),
  savedBy: z.looseObject({ name: z.string(), roleName: z.string(), orgName: z.string(), odsCode: z.string() }).optional(),
  patientName: z.string().optional(),
  recordPdf: z.looseObject({ path: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/u) }).optional(),
});

/** The format tag written into the index file. */
export const INDEX_FORMAT = 'document-store-desktop/archive-index@1';

/** The index file's content: absent keys mean a new, empty index. */
export const indexContentSchema = z.object({
  format: z.string().optional(),
  entries: z.array(archiveEntrySchema).optional(),
});
