import { TruncationError } from '../errors.js';

/** The truncation strategies, as Hugging Face names them. */
export const TRUNCATION_STRATEGIES = ['longest_first', 'only_first', 'only_second'] as const;

/**
 * How a text or pair is cut to fit: `longest_first` takes from the longer side (both sides evenly once
 * both are too long), `only_first` / `only_second` take from one side only.
 */
export type TruncationStrategy = (typeof TRUNCATION_STRATEGIES)[number];

/** Lengths of the two sides before truncation and the room they must fit. */
export interface TruncationRequest {
  /** Content tokens of the first text. */
  readonly first: number;
  /** Content tokens of the second text, or `null` for a single text. */
  readonly second: number | null;
  /** Content tokens allowed in all: `maxLength` minus the special tokens. */
  readonly budget: number;
  /** Which side gives tokens. */
  readonly strategy: TruncationStrategy;
}

/** How many content tokens each side keeps (`second` is 0 for a single text). */
export interface TruncatedLengths {
  readonly first: number;
  readonly second: number;
}

/**
 * Lengths the first and second sequence keep so that together they fit `budget` content tokens
 * (special tokens already subtracted). Tokens are always cut from the right end.
 *
 * Follows Hugging Face tokenizers' `truncate_encodings` (tokenizers/src/utils/truncation.rs) exactly,
 * so `longest_first` on a pair never cuts the shorter side below its own length while the longer one
 * can absorb the cut, and splits `budget` as `floor(budget/2)` for the shorter side and the rest for the
 * longer one once both must give.
 * @param where names the input in error messages (called only when an error is thrown).
 */
export function truncatedLengths(request: TruncationRequest, where: () => string = () => 'input'): TruncatedLengths {
  const { first, second, budget, strategy } = request;
  const secondLength = second ?? 0;
  if (budget === 0) return { first: 0, second: 0 };
  const toRemove = first + secondLength - budget;
  if (toRemove <= 0) return { first, second: secondLength };

  if (strategy === 'longest_first') {
    if (second === null) return { first: budget, second: 0 };
    const swapped = first > second;
    let short = swapped ? second : first;
    // The longer side keeps what the shorter leaves, but never less than the shorter keeps.
    let long = short > budget ? short : Math.max(short, budget - short);
    if (short + long > budget) {
      short = Math.floor(budget / 2);
      long = short + (budget % 2);
    }
    return swapped ? { first: long, second: short } : { first: short, second: long };
  }

  if (strategy === 'only_second' && second === null) {
    throw new TruncationError(
      `${where()}: \`truncation\` 'only_second' must have a second text to cut, got a single text ${toRemove} token(s) too long`,
    );
  }
  const target = strategy === 'only_first' ? first : secondLength;
  // Hugging Face refuses to cut a side down to nothing (`SequenceTooShort`) rather than silently emptying it.
  if (target <= toRemove) {
    const side = strategy === 'only_first' ? 'first' : 'second';
    throw new TruncationError(
      `${where()}: the ${side} text must be longer than the ${toRemove} token(s) '${strategy}' has to cut, got ${target} token(s)`,
    );
  }
  return strategy === 'only_first' ? { first: first - toRemove, second: secondLength } : { first, second: secondLength - toRemove };
}
