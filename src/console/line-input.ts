/**
 * Typed bytes into the shell's line store, one byte at a time, as a serial terminal sends them:
 * CR, LF or CRLF end a line; backspace (BS or DEL) takes back the last character, all its UTF-8
 * bytes; Ctrl-C drops the line; a tab counts as a space; escape sequences (arrow keys) and other
 * control bytes are ignored. A line longer than the store is refused when it ends, and what
 * follows is read as usual. Echoes what it keeps when the shell echoes.
 * @hotpath-module
 */
import { EscapeState } from "./shell-state";
import type { Shell } from "./shell-state";
import { outputByte, outputLineEnd } from "./output";

/** What a byte did to the line. */
export const enum LineEvent {
  /** Nothing to run yet. */
  None = 0,
  /** A line ended: `shell.lineLength` bytes of `shell.line` are the command. */
  Line = 1,
  /** A line ended that was longer than the store; its bytes are gone. */
  Overlong = 2,
  /** Ctrl-C: the line was dropped. */
  Cancelled = 3,
}

const CTRL_C = 0x03;
const BACKSPACE = 0x08;
const TAB = 0x09;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const ESC = 0x1b;
const SPACE = 0x20;
const LEFT_BRACKET = 0x5b;
const LETTER_O = 0x4f;
const DELETE = 0x7f;
const CARET = 0x5e;
const LETTER_C = 0x43;

function echo(shell: Shell, code: number): void {
  if (shell.options.echo) {
    outputByte(shell, code);
  }
}

/** Ends the line: echoes the line end and says whether it is to be run or refused. */
function endLine(shell: Shell): LineEvent {
  if (shell.options.echo) {
    outputLineEnd(shell);
  }
  const overflowed = shell.overflowed;
  shell.overflowed = false;
  return overflowed ? LineEvent.Overlong : LineEvent.Line;
}

/** Takes back the last character: its UTF-8 continuation bytes and the byte that leads them. */
function eraseCharacter(shell: Shell): void {
  if (shell.overflowed || shell.lineLength === 0) {
    return;
  }
  let length = shell.lineLength - 1;
  while (length > 0 && shell.line[length] >= 0x80 && shell.line[length] < 0xc0) {
    length = length - 1;
  }
  shell.lineLength = length;
  echo(shell, BACKSPACE);
  echo(shell, SPACE);
  echo(shell, BACKSPACE);
}

/** Keeps a byte of the line, or marks the line overlong when the store is full. */
function keepByte(shell: Shell, code: number): void {
  if (shell.overflowed) {
    return;
  }
  if (shell.lineLength === shell.options.lineCapacity) {
    shell.overflowed = true;
    return;
  }
  shell.line[shell.lineLength] = code;
  shell.lineLength = shell.lineLength + 1;
  echo(shell, code);
}

/** Follows an escape sequence; true while `code` belongs to one. */
function inEscape(shell: Shell, code: number): boolean {
  if (shell.escape === EscapeState.Started) {
    shell.escape = code === LEFT_BRACKET || code === LETTER_O ? EscapeState.Control : EscapeState.None;
    return true;
  }
  if (shell.escape === EscapeState.Control) {
    if (code >= 0x40 && code <= 0x7e) {
      shell.escape = EscapeState.None;
    }
    return true;
  }
  if (code === ESC) {
    shell.escape = EscapeState.Started;
    return true;
  }
  return false;
}

/** Drops the line being typed (Ctrl-C), echoing ^C. */
function cancelLine(shell: Shell): LineEvent {
  shell.lineLength = 0;
  shell.overflowed = false;
  echo(shell, CARET);
  echo(shell, LETTER_C);
  if (shell.options.echo) {
    outputLineEnd(shell);
  }
  return LineEvent.Cancelled;
}

/**
 * Takes one typed byte and says whether it ended a line. After a `Line` (run it) or an
 * `Overlong` (refuse it) the caller empties the line (`shell.lineLength = 0`). Never allocates.
 * @hotpath
 */
export function takeByte(shell: Shell, code: number): LineEvent {
  const afterReturn = shell.afterReturn;
  shell.afterReturn = code === RETURN;
  if (inEscape(shell, code)) {
    return LineEvent.None;
  }
  if (code === RETURN || (code === NEWLINE && !afterReturn)) {
    return endLine(shell);
  }
  if (code === BACKSPACE || code === DELETE) {
    eraseCharacter(shell);
  } else if (code === CTRL_C) {
    return cancelLine(shell);
  } else if (code === TAB) {
    keepByte(shell, SPACE);
  } else if (code >= SPACE) {
    keepByte(shell, code);
  }
  return LineEvent.None;
}
