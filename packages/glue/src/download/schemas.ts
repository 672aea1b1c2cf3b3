import { z } from 'zod';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** How a hash was checked: against a pin in this package, or recorded on first download (unverified). */
export const hashCheckSchema = z.enum(['pinned', 'recorded']);

const downloadRecordSchema = z.object({
  url: z.string(),
  sha256,
  bytes: z.number().int().nonnegative(),
  check: hashCheckSchema,
});

const fileRecordSchema = z.object({
  name: z.string(),
  sha256,
  bytes: z.number().int().nonnegative(),
  check: hashCheckSchema,
});

const taskRecordSchema = z.object({
  dir: z.string(),
  downloadedAt: z.string(),
  verified: z.boolean(),
  downloads: z.array(downloadRecordSchema),
  files: z.array(fileRecordSchema),
});

/** `manifest.json` at the root of the download cache (format version 1). */
export const cacheManifestSchema = z.object({
  version: z.literal(1),
  tasks: z.record(z.string(), taskRecordSchema),
});

/** Contents of the cache manifest. */
export type GlueCacheManifest = z.infer<typeof cacheManifestSchema>;
/** What the manifest records of one downloaded task. */
export type GlueCacheTaskRecord = z.infer<typeof taskRecordSchema>;
/** `pinned` or `recorded`. */
export type HashCheck = z.infer<typeof hashCheckSchema>;
