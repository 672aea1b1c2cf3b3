import { z } from 'zod';

/** One tensor entry of a safetensors header (format: github.com/huggingface/safetensors). */
export const safetensorsEntrySchema = z.object({
  dtype: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  data_offsets: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
});

/** The optional `__metadata__` entry: string to string. */
export const safetensorsMetadataSchema = z.record(z.string(), z.string());
