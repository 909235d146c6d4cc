import type { Bytes } from "../bytes/bytes";
import { decimalLength, writeDecimal, writeHexByte, hexDigitValue } from "../bytes/ascii";
import { ConfigStatus } from "./config-status";
import { SettingKind } from "./setting";
import { ConfigLayer, configFind, configStageBytes, configClearStaging } from "./store";
import type { ConfigStore } from "./store";
import { checksumRange } from "./checksum";
import type { Checksum } from "./checksum";
import { escapeLetter, unescapeLetter } from "./escapes";

/**
 * The user layer as bytes for flash, and back. The format is lines of text, so a copy read off a
 * board is legible:
 *
 *     mote-config 1
 *     generation 7
 *     wifi.ssid=home
 *     mqtt.port=1884
 *     sum 0a1b2c3d
 *
 * The first line names the format and its version, the second the copy's generation (slots.ts
 * keeps two copies and trusts the newer good one). Each setting the user set follows as
 * `name=value`, the value as the console would show it, with `\\`, `\n` and `\r` escaped. The
 * last line is the checksum (checksum.ts: second sum, then first, four hex digits each) of every
 * byte before it. A copy that is cut short, changed, or of another version is refused whole.
 * Lines naming a setting this firmware does not have, or a value its schema now refuses, are
 * passed over (a copy saved by another firmware version), and counted.
 */

/** The format version this firmware writes and reads. */
export const CONFIG_FORMAT_VERSION = 1;

const MAGIC = "mote-config ";
const GENERATION = "generation ";
const SUM = "sum ";
/** "sum " and eight hex digits. */
const SUM_LINE_LENGTH = 12;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const EQUALS = 0x3d;
const DIGIT_ZERO = 0x30;
const UPPER_A = 0x41;
const UPPER_F = 0x46;

/** What reading a copy found besides its values. */
export interface BlobReading {
  generation: number;
  /** Lines passed over: an unknown setting, or a value the schema refuses. */
  ignored: number;
}

/** Bytes `value` takes escaped: the worst case is every byte escaped. */
function escapedLength(config: ConfigStore, index: number): number {
  const setting = config.settings[index];
  if (setting.kind === SettingKind.Text) {
    return 2 * setting.maximum;
  }
  if (setting.kind === SettingKind.Integer) {
    return 11;
  }
  if (setting.kind === SettingKind.Boolean) {
    return 5;
  }
  let longest = 0;
  for (let choice = 0; choice < setting.choices.length; choice++) {
    const length = config.platform.textByteLength(setting.choices[choice]);
    longest = length > longest ? length : longest;
  }
  return longest;
}

/**
 * The most bytes a copy of `config`'s user layer can take: the store `writeConfigBlob` needs.
 * Never allocates.
 */
export function configBlobCapacity(config: ConfigStore): number {
  const platform = config.platform;
  let total = platform.textByteLength(MAGIC) + decimalLength(CONFIG_FORMAT_VERSION) + 1;
  total = total + platform.textByteLength(GENERATION) + 11 + 1;
  for (let index = 0; index < config.settings.length; index++) {
    total = total + platform.textByteLength(config.settings[index].name) + 1 + escapedLength(config, index) + 1;
  }
  return total + SUM_LINE_LENGTH + 1;
}

/** Copies `length` bytes from the scratch into `blob` at `offset`, escaped; returns the offset after them. */
function writeEscaped(config: ConfigStore, length: number, blob: Bytes, offset: number): number {
  let at = offset;
  for (let index = 0; index < length; index++) {
    const code = config.scratch[index];
    const letter = escapeLetter(code, false);
    if (letter >= 0) {
      blob[at] = BACKSLASH;
      at = at + 1;
    }
    blob[at] = letter >= 0 ? letter : code;
    at = at + 1;
  }
  return at;
}

/** Writes user value `index` at `offset`; returns the offset after it. */
function writeValue(config: ConfigStore, index: number, blob: Bytes, offset: number): number {
  const platform = config.platform;
  const kind = config.settings[index].kind;
  const user = config.layers[ConfigLayer.User];
  if (kind === SettingKind.Integer) {
    return writeDecimal(blob, offset, user.numbers[index]);
  }
  if (kind === SettingKind.Boolean) {
    return offset + platform.writeText(user.numbers[index] === 1 ? "true" : "false", blob, offset);
  }
  const length = platform.writeText(user.texts[index], config.scratch, 0);
  return writeEscaped(config, length, blob, offset);
}

/**
 * Writes the user layer of `config` as a copy of generation `generation` into `blob` (at least
 * `configBlobCapacity` bytes) and returns its length. Never allocates.
 */
export function writeConfigBlob(config: ConfigStore, generation: number, blob: Bytes, checksum: Checksum): number {
  const platform = config.platform;
  let at = platform.writeText(MAGIC, blob, 0);
  at = writeDecimal(blob, at, CONFIG_FORMAT_VERSION);
  blob[at] = NEWLINE;
  at = at + 1 + platform.writeText(GENERATION, blob, at + 1);
  at = writeDecimal(blob, at, generation);
  blob[at] = NEWLINE;
  at = at + 1;
  const user = config.layers[ConfigLayer.User];
  for (let index = 0; index < config.settings.length; index++) {
    if (user.present[index]) {
      at = at + platform.writeText(config.settings[index].name, blob, at);
      blob[at] = EQUALS;
      at = writeValue(config, index, blob, at + 1);
      blob[at] = NEWLINE;
      at = at + 1;
    }
  }
  checksumRange(blob, 0, at, checksum);
  at = at + platform.writeText(SUM, blob, at);
  at = writeHexByte(blob, at, (checksum.second - (checksum.second % 256)) / 256);
  at = writeHexByte(blob, at, checksum.second % 256);
  at = writeHexByte(blob, at, (checksum.first - (checksum.first % 256)) / 256);
  at = writeHexByte(blob, at, checksum.first % 256);
  blob[at] = NEWLINE;
  return at + 1;
}

/** Where the line starting at `offset` ends (the index of its newline), or `end` when it has none. */
function lineEnd(blob: Bytes, offset: number, end: number): number {
  let index = offset;
  while (index < end && blob[index] !== NEWLINE) {
    index = index + 1;
  }
  return index;
}

/** Whether the bytes at `offset` spell `text`. Allocates the bytes as a string to compare. */
function spells(config: ConfigStore, blob: Bytes, offset: number, end: number, text: string): boolean {
  const length = config.platform.textByteLength(text);
  return offset + length <= end && config.platform.readText(blob, offset, length) === text;
}

/** A decimal number of 1 to 9 digits from `offset` to `end`, or -1 when it is not one. */
function readSmallDecimal(blob: Bytes, offset: number, end: number): number {
  if (end <= offset || end - offset > 9) {
    return -1;
  }
  let value = 0;
  for (let index = offset; index < end; index++) {
    const digit = blob[index] - DIGIT_ZERO;
    if (digit < 0 || digit > 9) {
      return -1;
    }
    value = value * 10 + digit;
  }
  return value;
}

/** Checks the header line (`mote-config <version>`); returns Ok or why the copy is refused. */
function checkHeader(config: ConfigStore, blob: Bytes, length: number): ConfigStatus {
  const magicLength = config.platform.textByteLength(MAGIC);
  if (length < magicLength) {
    const cutShort = MAGIC.substring(0, length) === config.platform.readText(blob, 0, length);
    return cutShort ? ConfigStatus.Truncated : ConfigStatus.BadHeader;
  }
  if (!spells(config, blob, 0, length, MAGIC)) {
    return ConfigStatus.BadHeader;
  }
  const end = lineEnd(blob, magicLength, length);
  if (end === length) {
    return ConfigStatus.Truncated;
  }
  const version = readSmallDecimal(blob, magicLength, end);
  if (version < 0) {
    return ConfigStatus.BadHeader;
  }
  return version === CONFIG_FORMAT_VERSION ? ConfigStatus.Ok : ConfigStatus.WrongVersion;
}

/** The value of four lowercase hex digits at `offset` (as written: one spelling per copy), or -1. */
function readHex16(blob: Bytes, offset: number): number {
  let value = 0;
  for (let index = offset; index < offset + 4; index++) {
    const code = blob[index];
    const digit = code >= UPPER_A && code <= UPPER_F ? -1 : hexDigitValue(code);
    if (digit < 0) {
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

/**
 * Checks the last line, `sum <8 hex digits>`, against the bytes before it (from 0 to
 * `sumStart`); returns Ok or why the copy is refused.
 */
function checkSum(config: ConfigStore, blob: Bytes, sumStart: number, length: number, checksum: Checksum): ConfigStatus {
  if (length - sumStart !== SUM_LINE_LENGTH + 1 || !spells(config, blob, sumStart, length, SUM)) {
    return ConfigStatus.Truncated;
  }
  const second = readHex16(blob, sumStart + 4);
  const first = readHex16(blob, sumStart + 8);
  checksumRange(blob, 0, sumStart, checksum);
  return second === checksum.second && first === checksum.first ? ConfigStatus.Ok : ConfigStatus.BadChecksum;
}

/** Where the last line starts: after the newline before the final one. */
function lastLineStart(blob: Bytes, length: number): number {
  let index = length - 2;
  while (index >= 0 && blob[index] !== NEWLINE) {
    index = index - 1;
  }
  return index + 1;
}

/**
 * Unescapes the value from `offset` to `end` into the scratch; returns its length, or -1 for a
 * bad escape, or -2 when it is longer than any value the schema holds.
 */
function unescapeValue(config: ConfigStore, blob: Bytes, offset: number, end: number): number {
  let length = 0;
  let index = offset;
  while (index < end) {
    let code = blob[index];
    if (code === BACKSLASH) {
      code = index + 1 < end ? unescapeLetter(blob[index + 1], false) : -1;
      if (code < 0) {
        return -1;
      }
      index = index + 1;
    }
    if (length === config.scratchSize) {
      return -2;
    }
    config.scratch[length] = code;
    length = length + 1;
    index = index + 1;
  }
  return length;
}

/** Reads one `name=value` line into the staging layer; returns Ok (read or passed over, counted) or BadLine. */
function readSettingLine(config: ConfigStore, blob: Bytes, offset: number, end: number, reading: BlobReading): ConfigStatus {
  let equals = offset;
  while (equals < end && blob[equals] !== EQUALS) {
    equals = equals + 1;
  }
  if (equals === end || equals === offset) {
    return ConfigStatus.BadLine;
  }
  const length = unescapeValue(config, blob, equals + 1, end);
  if (length === -1) {
    return ConfigStatus.BadLine;
  }
  const index = configFind(config, config.platform.readText(blob, offset, equals - offset));
  if (length < 0 || index < 0 || configStageBytes(config, index, config.scratch, 0, length) !== ConfigStatus.Ok) {
    reading.ignored = reading.ignored + 1;
  }
  return ConfigStatus.Ok;
}

/**
 * Reads a copy of `length` bytes from `blob` into `config`'s staging layer (cleared first), with
 * its generation and the number of lines passed over in `reading`. Returns Ok, or why the copy
 * is refused: Truncated, BadHeader, WrongVersion, BadChecksum or BadLine. Either way the user
 * layer is untouched (slots.ts commits a good copy). A generation has at most nine digits.
 * Allocates a string per name and text value.
 */
export function readConfigBlob(config: ConfigStore, blob: Bytes, length: number, reading: BlobReading, checksum: Checksum): ConfigStatus {
  configClearStaging(config);
  reading.generation = 0;
  reading.ignored = 0;
  const header = checkHeader(config, blob, length);
  if (header !== ConfigStatus.Ok) {
    return header;
  }
  if (blob[length - 1] !== NEWLINE) {
    return ConfigStatus.Truncated;
  }
  const sumStart = lastLineStart(blob, length);
  const sum = checkSum(config, blob, sumStart, length, checksum);
  if (sum !== ConfigStatus.Ok) {
    return sum;
  }
  let offset = lineEnd(blob, 0, length) + 1;
  let end = lineEnd(blob, offset, sumStart);
  const generationLength = config.platform.textByteLength(GENERATION);
  const generation = spells(config, blob, offset, end, GENERATION) ? readSmallDecimal(blob, offset + generationLength, end) : -1;
  if (generation < 0) {
    return ConfigStatus.BadLine;
  }
  reading.generation = generation;
  offset = end + 1;
  while (offset < sumStart) {
    end = lineEnd(blob, offset, sumStart);
    if (readSettingLine(config, blob, offset, end, reading) !== ConfigStatus.Ok) {
      return ConfigStatus.BadLine;
    }
    offset = end + 1;
  }
  return ConfigStatus.Ok;
}
