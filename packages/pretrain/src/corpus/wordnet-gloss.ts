/**
 * Parsing of WordNet 3.1 `data.*` lines (format: wndb(5WN), "Data File Format"): a synset line ends
 * with ` | ` and its gloss, which is a definition followed by optional `"quoted"` example sentences,
 * all separated by `; `. License lines at the top of each file start with two spaces.
 */

/** The text pieces of one synset's gloss. */
export interface Gloss {
  /** Definitions (usually one; a few glosses carry several). */
  definitions: string[];
  /** Example sentences, without their quotes. */
  examples: string[];
}

/** Splits `text` at `; ` that sit outside double quotes and parentheses. */
function splitGloss(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ';' && !quoted && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** The gloss of a `data.*` line, or null for license/blank lines and lines without a gloss. */
export function parseGlossLine(line: string): Gloss | null {
  if (line.startsWith('  ') || line.trim() === '') return null;
  const bar = line.indexOf(' | ');
  if (bar < 0) return null;
  const gloss: Gloss = { definitions: [], examples: [] };
  for (const part of splitGloss(line.slice(bar + 3))) {
    if (part.startsWith('"')) {
      const example = part.replace(/^"+/, '').replace(/"+$/, '').trim();
      if (example) gloss.examples.push(example);
    } else {
      gloss.definitions.push(part);
    }
  }
  return gloss;
}
