import { z } from 'zod';
import type { RequestChannel } from '../../common/contract.js';

const requestId = z.string().min(1).max(100);
const nhsNumberInput = z.string().max(40);
const savedFile = z.strictObject({ file: z.string().min(1).max(4_096) });
// Archive requests name an index entry by id and a document by its name inside the ZIP; never a path on disk.
const archiveId = z.string().min(1).max(100);
const archiveEntry = z.strictObject({ id: archiveId });
const zipEntryName = z.string().min(1).max(4_096);

/** The payload schema of every request channel; anything else a renderer sends is rejected before a handler runs. */
export const PAYLOAD_SCHEMAS = {
  'app:info': z.undefined(),
  'app:diagnostics': z.undefined(),
  'documents:search': z.strictObject({ requestId, nhsNumber: nhsNumberInput }),
  'documents:cancel-search': z.strictObject({ requestId }),
  'download:start': z.strictObject({ requestId, nhsNumber: nhsNumberInput }),
  'download:cancel': z.strictObject({ requestId }),
  'settings:get': z.undefined(),
  'settings:choose-folder': z.undefined(),
  'file:show-in-folder': savedFile,
  'file:open': savedFile,
  'archive:list': z.strictObject({ nhsNumber: nhsNumberInput.optional() }),
  'archive:verify': z.union([archiveEntry, z.strictObject({ all: z.literal(true) })]),
  'archive:locate': archiveEntry,
  'archive:remove': z.strictObject({ id: archiveId, deleteFile: z.boolean() }),
  'archive:open': archiveEntry,
  'archive:read-entry': z.strictObject({ id: archiveId, entryName: zipEntryName }),
  'archive:save-entry': z.strictObject({ id: archiveId, entryName: zipEntryName }),
  'archive:add': z.undefined(),
  'archive:show-in-folder': archiveEntry,
  'archive:open-file': archiveEntry,
} satisfies Record<RequestChannel, z.ZodType>;
