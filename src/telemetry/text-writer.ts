/**
 * Text written straight into a caller store, as JSON or plain: literal text and checked bytes as
 * they are, and JSON string contents escaped as JSON requires (`"`, `\` and control bytes; UTF-8 passes unchanged),
 * whether they come from text or from bytes already in a store. Used at setup, for the Home
 * Assistant discovery payloads, and for command replies; a writer that runs out of room stops
 * writing and says so. Writing never allocates.
 * @hotpath-module
 */
import type { Bytes } from "../bytes/bytes";
import type { Platform } from "../../hal/api";
import { writeHexByte } from "../bytes/ascii";
import { copyBytes } from "../mqtt/wire";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const FIRST_PRINTABLE = 0x20;

/** The short escapes JSON has for control bytes, by byte: \b \t \n \f \r (0 where it has none). */
const SHORT_ESCAPES = [0, 0, 0, 0, 0, 0, 0, 0, 0x62, 0x74, 0x6e, 0, 0x66, 0x72];

/** Where a text is being written, and whether it still fits. */
export interface TextWriter {
  platform: Platform;
  store: Bytes;
  /** The next byte to write, and the end of the room (exclusive). */
  position: number;
  end: number;
  /** False once something did not fit: nothing more is written. */
  fits: boolean;
}

/** A writer over `store[offset .. end)`. Allocates the writer: call at setup. */
export function newTextWriter(platform: Platform, store: Bytes, offset: number, end: number): TextWriter {
  return { platform: platform, store: store, position: offset, end: end, fits: true };
}

/** The letter of `byte`'s short escape (`\n` ...), or 0 when it has none. */
function shortEscape(byte: number): number {
  if (byte === QUOTE || byte === BACKSLASH) {
    return byte;
  }
  return byte < SHORT_ESCAPES.length ? SHORT_ESCAPES[byte] : 0;
}

/** How many bytes `byte` takes inside a JSON string: 2 for a short escape, 6 for `\u00XX`, else 1. */
function escapedLength(byte: number): number {
  if (shortEscape(byte) > 0) {
    return 2;
  }
  return byte < FIRST_PRINTABLE ? 6 : 1;
}

/**
 * Escapes the `length` raw bytes just written at the writer's position, in place (working from
 * the end, so nothing is overwritten before it is moved), and moves the position past them.
 */
function escapeInPlace(writer: TextWriter, length: number): void {
  const store = writer.store;
  const start = writer.position;
  let growth = 0;
  for (let index = start; index < start + length; index++) {
    growth = growth + escapedLength(store[index]) - 1;
  }
  if (start + length + growth > writer.end) {
    writer.fits = false;
    return;
  }
  let target = start + length + growth;
  for (let source = start + length - 1; source >= start; source--) {
    const byte = store[source];
    const short = shortEscape(byte);
    if (short > 0) {
      target = target - 2;
      store[target] = BACKSLASH;
      store[target + 1] = short;
    } else if (byte < FIRST_PRINTABLE) {
      target = target - 6;
      store[target] = BACKSLASH;
      store[target + 1] = 0x75;
      store[target + 2] = 0x30;
      store[target + 3] = 0x30;
      writeHexByte(store, target + 4, byte);
    } else {
      target = target - 1;
      store[target] = byte;
    }
  }
  writer.position = start + length + growth;
}

/** Writes `text` as it is (JSON punctuation and keys, plain words): the caller's literal text. */
export function writeRaw(writer: TextWriter, text: string): void {
  const length = writer.platform.textByteLength(text);
  if (!writer.fits || writer.position + length > writer.end) {
    writer.fits = false;
    return;
  }
  writer.position = writer.position + writer.platform.writeText(text, writer.store, writer.position);
}

/** Writes `text` as the inside of a JSON string: escaped, without quotes. */
export function jsonEscapedText(writer: TextWriter, text: string): void {
  const length = writer.platform.textByteLength(text);
  if (!writer.fits || writer.position + length > writer.end) {
    writer.fits = false;
    return;
  }
  writer.platform.writeText(text, writer.store, writer.position);
  escapeInPlace(writer, length);
}

/** Writes `length` bytes of `source` at `offset` as the inside of a JSON string: escaped, without quotes. */
export function jsonEscapedBytes(writer: TextWriter, source: Bytes, offset: number, length: number): void {
  if (!writer.fits || writer.position + length > writer.end) {
    writer.fits = false;
    return;
  }
  copyBytes(source, offset, writer.store, writer.position, length);
  escapeInPlace(writer, length);
}

/** Writes `"key":"text"` with `text` escaped, preceded by a comma unless `first`. */
export function jsonTextMember(writer: TextWriter, key: string, text: string, first: boolean): void {
  writeRaw(writer, first ? "\"" : ",\"");
  writeRaw(writer, key);
  writeRaw(writer, "\":\"");
  jsonEscapedText(writer, text);
  writeRaw(writer, "\"");
}

/** Writes `"key":"<bytes>"` with the bytes escaped, preceded by a comma unless `first`. */
export function jsonBytesMember(writer: TextWriter, key: string, source: Bytes, offset: number, length: number, first: boolean): void {
  writeRaw(writer, first ? "\"" : ",\"");
  writeRaw(writer, key);
  writeRaw(writer, "\":\"");
  jsonEscapedBytes(writer, source, offset, length);
  writeRaw(writer, "\"");
}

/** Writes `"key":"<codes>"` from a list of UTF-8 bytes, escaped, preceded by a comma unless `first`. */
export function jsonCodesMember(writer: TextWriter, key: string, codes: number[], first: boolean): void {
  writeRaw(writer, first ? "\"" : ",\"");
  writeRaw(writer, key);
  writeRaw(writer, "\":\"");
  if (!writer.fits || writer.position + codes.length > writer.end) {
    writer.fits = false;
    return;
  }
  for (let index = 0; index < codes.length; index++) {
    writer.store[writer.position + index] = codes[index];
  }
  escapeInPlace(writer, codes.length);
  writeRaw(writer, "\"");
}

/** Copies `length` bytes of `source` at `offset` as they are (no escaping): bytes already checked. */
export function writeRawBytes(writer: TextWriter, source: Bytes, offset: number, length: number): void {
  if (!writer.fits || writer.position + length > writer.end) {
    writer.fits = false;
    return;
  }
  writer.position = copyBytes(source, offset, writer.store, writer.position, length);
}
