/**
 * The shell's replies: bytes gather in the shell's output store and go to the owner's `write`
 * when the store is full or a reply is done. Line ends are CRLF, as serial terminals expect.
 * @hotpath-module
 */
import type { Bytes } from "../bytes/bytes";
import type { Shell } from "./shell-state";

const RETURN = 0x0d;
const NEWLINE = 0x0a;

/** Sends what has gathered to the owner's `write`. Never allocates. */
export function flushOutput(shell: Shell): void {
  if (shell.outputLength > 0) {
    shell.options.write(shell.output, 0, shell.outputLength);
    shell.outputLength = 0;
  }
}

/** Adds one byte, sending what has gathered first when the store is full. Never allocates. */
export function outputByte(shell: Shell, code: number): void {
  if (shell.outputLength === shell.outputCapacity) {
    flushOutput(shell);
  }
  shell.output[shell.outputLength] = code;
  shell.outputLength = shell.outputLength + 1;
}

/** Adds `length` bytes of `store` at `offset`. Never allocates. */
export function outputBytes(shell: Shell, store: Bytes, offset: number, length: number): void {
  for (let index = offset; index < offset + length; index++) {
    outputByte(shell, store[index]);
  }
}

/** Adds CR LF. Never allocates. */
export function outputLineEnd(shell: Shell): void {
  outputByte(shell, RETURN);
  outputByte(shell, NEWLINE);
}

/**
 * Adds `text` as UTF-8. Text longer than the whole output store (a status provider's long line)
 * goes out through a store made for it. Allocates only then.
 */
export function outputText(shell: Shell, text: string): void {
  const platform = shell.platform;
  const length = platform.textByteLength(text);
  if (shell.outputLength + length > shell.outputCapacity) {
    flushOutput(shell);
  }
  if (length > shell.outputCapacity) {
    const store = platform.newBytes(length);
    platform.writeText(text, store, 0);
    shell.options.write(store, 0, length);
    return;
  }
  shell.outputLength = shell.outputLength + platform.writeText(text, shell.output, shell.outputLength);
}

/**
 * Writes `text` and CRLF to the terminal at once: for the status provider, and for every reply
 * line of the shell. Allocates only for text longer than the output store.
 */
export function shellWriteLine(shell: Shell, text: string): void {
  outputText(shell, text);
  outputLineEnd(shell);
  flushOutput(shell);
}
