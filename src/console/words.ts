import type { Shell } from "./shell-state";
import { MAXIMUM_WORDS } from "./shell-state";
import { unescapeLetter } from "../config/escapes";

/**
 * Splits a command line into words, in place: words are separated by spaces; a word in double
 * quotes may hold spaces, and inside quotes `\"`, `\\`, `\n` and `\r` stand for a quote, a
 * backslash, LF and CR (the same escapes `show` writes). Quoted words are unescaped where they
 * stand, so each word is a range of the line store.
 */

/** What splitting a line found. */
export const enum WordsStatus {
  Ok = 0,
  /** More words than a command takes. */
  TooMany = 1,
  /** A quote is not closed. */
  OpenQuote = 2,
  /** A backslash inside quotes is not one of the escapes. */
  BadEscape = 3,
  /** A closing quote is followed by something other than a space. */
  AfterQuote = 4,
}

const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Reads the quoted word whose opening quote is at `offset` into the line at `offset` (unescaped),
 * recording it as word `word`; returns where reading goes on, or -1, -2, -3 for an open quote, a
 * bad escape, or text after the closing quote.
 */
function readQuoted(shell: Shell, word: number, offset: number): number {
  const line = shell.line;
  const end = shell.lineLength;
  let read = offset + 1;
  let written = offset;
  while (read < end && line[read] !== QUOTE) {
    let code = line[read];
    if (code === BACKSLASH) {
      code = read + 1 < end ? unescapeLetter(line[read + 1], true) : -1;
      if (code < 0) {
        return read + 1 < end ? -2 : -1;
      }
      read = read + 1;
    }
    line[written] = code;
    written = written + 1;
    read = read + 1;
  }
  if (read === end) {
    return -1;
  }
  if (read + 1 < end && line[read + 1] !== SPACE) {
    return -3;
  }
  shell.wordStarts[word] = offset;
  shell.wordLengths[word] = written - offset;
  return read + 1;
}

/** The status for readQuoted's negative results. */
const QUOTE_FAILURES = [WordsStatus.OpenQuote, WordsStatus.BadEscape, WordsStatus.AfterQuote];

/**
 * Splits the shell's line into `shell.wordCount` words (`wordStarts`, `wordLengths`); returns Ok
 * or what is wrong with the line. Changes the line store (unescaping). Never allocates.
 */
export function splitWords(shell: Shell): WordsStatus {
  const line = shell.line;
  const end = shell.lineLength;
  let offset = 0;
  shell.wordCount = 0;
  while (offset < end) {
    if (line[offset] === SPACE) {
      offset = offset + 1;
      continue;
    }
    if (shell.wordCount === MAXIMUM_WORDS) {
      return WordsStatus.TooMany;
    }
    const word = shell.wordCount;
    if (line[offset] === QUOTE) {
      const next = readQuoted(shell, word, offset);
      if (next < 0) {
        return QUOTE_FAILURES[-next - 1];
      }
      offset = next;
    } else {
      const start = offset;
      while (offset < end && line[offset] !== SPACE) {
        offset = offset + 1;
      }
      shell.wordStarts[word] = start;
      shell.wordLengths[word] = offset - start;
    }
    shell.wordCount = word + 1;
  }
  return WordsStatus.Ok;
}
