/**
 * Backslash escapes, one table for the saved copy's values (blob.ts) and the console's quoted
 * words (words.ts and `show`): `\\`, `\n`, `\r`, and inside console quotes `\"`.
 */

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
/** Each escaped byte, and the letter written after the backslash for it. */
const ESCAPED_BYTES = [BACKSLASH, 0x0a, 0x0d, QUOTE];
const ESCAPE_LETTERS = [BACKSLASH, 0x6e, 0x72, QUOTE];

/**
 * The letter to write after a backslash for `code`, or -1 when `code` stands for itself. A quote
 * is escaped only `inQuotes`. Never allocates.
 */
export function escapeLetter(code: number, inQuotes: boolean): number {
  for (let index = 0; index < ESCAPED_BYTES.length; index++) {
    if (ESCAPED_BYTES[index] === code) {
      return code !== QUOTE || inQuotes ? ESCAPE_LETTERS[index] : -1;
    }
  }
  return -1;
}

/**
 * The byte that a backslash followed by `letter` stands for, or -1 when that is no escape (`\"`
 * is one only `inQuotes`). Never allocates.
 */
export function unescapeLetter(letter: number, inQuotes: boolean): number {
  for (let index = 0; index < ESCAPE_LETTERS.length; index++) {
    if (ESCAPE_LETTERS[index] === letter) {
      return letter !== QUOTE || inQuotes ? ESCAPED_BYTES[index] : -1;
    }
  }
  return -1;
}
