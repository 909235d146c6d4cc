import type { Bytes } from "../bytes/bytes";
import { validateUtf8 } from "../bytes/utf8";
import { Status } from "../mqtt/status";
import type { Shell } from "./shell-state";
import { takeByte, LineEvent } from "./line-input";
import { splitWords, WordsStatus } from "./words";
import { runCommand } from "./commands";
import { outputText, flushOutput, shellWriteLine } from "./output";
import { configIntegerText } from "../config/store";

/**
 * The serial console's shell: bytes in, replies out. `shellFeed` takes bytes as the serial port
 * delivers them; each complete line is run as a command and answered, then the prompt is shown.
 */

/** What the shell shows when it waits for a line. */
const PROMPT = "> ";

/** Why a line's words could not be split, indexed by WordsStatus. */
const WORDS_ERRORS = [
  "",
  "too many words (quote a value with spaces: set wifi.ssid \"my net\")",
  "a quote is not closed",
  'a backslash in quotes must be followed by ", \\, n or r',
  "a closing quote must be followed by a space",
];

/** Writes the prompt. Never allocates. */
function prompt(shell: Shell): void {
  outputText(shell, PROMPT);
  flushOutput(shell);
}

/** Runs the complete line in the shell's line store, or refuses it. Allocates its replies. */
function runLine(shell: Shell): void {
  if (validateUtf8(shell.line, 0, shell.lineLength) !== Status.Success) {
    shellWriteLine(shell, "error: the line is not UTF-8 text; nothing was done");
    return;
  }
  const status = splitWords(shell);
  if (status !== WordsStatus.Ok) {
    shellWriteLine(shell, "error: " + WORDS_ERRORS[status] + "; nothing was done");
    return;
  }
  if (shell.wordCount > 0) {
    runCommand(shell);
  }
}

/** Says that a line ran over the line store. Allocates the message. */
function refuseOverlong(shell: Shell): void {
  const most = configIntegerText(shell.config, shell.options.lineCapacity);
  shellWriteLine(shell, "error: line too long (at most " + most + " bytes); nothing was done");
}

/** Writes the first prompt; call once when the console starts. Never allocates. */
export function shellStart(shell: Shell): void {
  prompt(shell);
}

/**
 * Takes `length` bytes typed on the terminal, from `store` at `offset` (copied; the store is
 * not kept). Echoes them when the shell echoes; runs and answers each line they complete, then
 * prompts again. Reading bytes allocates nothing; running a command allocates its replies.
 */
export function shellFeed(shell: Shell, store: Bytes, offset: number, length: number): void {
  for (let index = offset; index < offset + length; index++) {
    const event = takeByte(shell, store[index]);
    if (event === LineEvent.Line) {
      flushOutput(shell);
      runLine(shell);
    } else if (event === LineEvent.Overlong) {
      flushOutput(shell);
      refuseOverlong(shell);
    }
    if (event !== LineEvent.None) {
      shell.lineLength = 0;
      prompt(shell);
    }
  }
  flushOutput(shell);
}
