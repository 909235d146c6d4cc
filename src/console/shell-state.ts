import type { Bytes } from "../bytes/bytes";
import type { Platform } from "../../hal/api";
import type { ConfigStore, ConfigReading } from "../config/store";
import { ConfigLayer } from "../config/store";
import type { ConfigSlots } from "../config/slots";

/**
 * The serial console's shell: its options and its state, made once by `newShell`. The shell
 * reads bytes as they arrive (line-input.ts), runs each complete line as a command
 * (commands.ts) and writes its replies through the caller's `write` (output.ts).
 */

/** What the shell needs from its owner, given once to `newShell` (kept, not changed). */
export interface ShellOptions {
  /** Bytes of the longest line; a longer one is refused whole. */
  lineCapacity: number;
  /** Whether typed bytes are echoed back (a serial terminal shows only what the device echoes). */
  echo: boolean;
  /**
   * Sends `length` bytes of `store` at `offset` to the terminal; the bytes are copied before it
   * returns. The shell allocates nothing around it; what the runtime's serial port costs is its
   * own. @hotpath
   */
  write(this: void, store: Bytes, offset: number, length: number): void;
  /** Writes the device's state for `status`, one `shellWriteLine` per line. May allocate. */
  status(this: void, shell: Shell): void;
  /** Restarts the device, after the shell has said so. */
  reboot(this: void): void;
}

/** What an escape sequence from the terminal (an arrow key: ESC [ A) has shown so far. */
export const enum EscapeState {
  None = 0,
  /** ESC seen. */
  Started = 1,
  /** ESC [ seen: bytes up to a final byte 0x40..0x7e belong to the sequence. */
  Control = 2,
}

/** The shell. */
export interface Shell {
  platform: Platform;
  config: ConfigStore;
  slots: ConfigSlots;
  options: ShellOptions;
  /** The line being typed. */
  line: Bytes;
  lineLength: number;
  /** The line ran over `lineCapacity`: it is refused when it ends. */
  overflowed: boolean;
  /** The last byte was CR, so an LF right after it ends nothing (CRLF is one line end). */
  afterReturn: boolean;
  escape: EscapeState;
  /** Replies gather here and go to `write` when it is full or a reply is done. */
  output: Bytes;
  outputCapacity: number;
  outputLength: number;
  /** The words of the line being run: where each starts in `line` and how long it is. */
  wordStarts: number[];
  wordLengths: number[];
  wordCount: number;
  reading: ConfigReading;
}

/** Words a command line may have: the command and its arguments. */
export const MAXIMUM_WORDS = 3;

/** Bytes of reply text beside one line's worth of echoed input: room for any one message. */
const REPLY_ROOM = 160;

/**
 * Makes a shell over `config` (set on its user layer) and `slots` (where `save` writes). Keeps
 * everything it is given. Allocates every store the shell uses (creation time).
 */
export function newShell(platform: Platform, config: ConfigStore, slots: ConfigSlots, options: ShellOptions): Shell {
  const outputCapacity = options.lineCapacity + REPLY_ROOM;
  const wordStarts: number[] = [];
  const wordLengths: number[] = [];
  for (let word = 0; word < MAXIMUM_WORDS; word++) {
    wordStarts.push(0);
    wordLengths.push(0);
  }
  return {
    platform,
    config,
    slots,
    options,
    line: platform.newBytes(options.lineCapacity),
    lineLength: 0,
    overflowed: false,
    afterReturn: false,
    escape: EscapeState.None,
    output: platform.newBytes(outputCapacity),
    outputCapacity,
    outputLength: 0,
    wordStarts,
    wordLengths,
    wordCount: 0,
    reading: { layer: ConfigLayer.Default, text: "", number: 0 },
  };
}
