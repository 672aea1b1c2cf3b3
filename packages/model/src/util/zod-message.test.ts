import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodIssue } from './zod-message.js';

describe('describeZodIssue', () => {
  const schema = z.object({ layers: z.array(z.object({ size: z.number() })) });

  it("names the first failing field by its dotted path, then zod's message", () => {
    const parsed = schema.safeParse({ layers: [{ size: 1 }, { size: 'x' }] });
    expect(parsed.success).toBe(false);
    expect(describeZodIssue(parsed.error!)).toBe('`layers.1.size` Invalid input: expected number, received string');
  });

  it('renders a root-level issue with an empty path', () => {
    const parsed = schema.safeParse(3);
    expect(describeZodIssue(parsed.error!)).toBe('`` Invalid input: expected object, received number');
  });

  it('says "is invalid" for an error without issues', () => {
    expect(describeZodIssue(new z.ZodError([]))).toBe('`?` is invalid');
  });
});
