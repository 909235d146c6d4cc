/**
 * A JSON text builder for the vector adapter, in the subset so it runs on every runtime: text is
 * gathered as bytes in one store and turned into a string once, so escaping and numbers never
 * depend on how a runtime counts characters.
 */
import type { Platform } from "../../hal/api";
import { writeDecimal, writeHexByte } from "mote";
import type { Bytes } from "mote";

/** The bytes gathered so far. */
export interface JsonWriter {
  platform: Platform;
  store: Bytes;
  length: number;
}

/** Makes a writer with room for `capacity` bytes. */
export function newJsonWriter(platform: Platform, capacity: number): JsonWriter {
  return { platform: platform, store: platform.newBytes(capacity), length: 0 };
}

/** Appends ASCII text as it is (keys, punctuation). */
export function appendRaw(writer: JsonWriter, text: string): void {
  writer.length = writer.length + writer.platform.writeText(text, writer.store, writer.length);
}

/** Appends an integer. */
export function appendNumber(writer: JsonWriter, value: number): void {
  writer.length = writeDecimal(writer.store, writer.length, value);
}

/** Appends a boolean. */
export function appendBoolean(writer: JsonWriter, value: boolean): void {
  appendRaw(writer, value ? "true" : "false");
}

/** Appends bytes of `source` as a JSON string, escaping quotes, backslashes and control bytes. */
export function appendStringBytes(writer: JsonWriter, source: Bytes, offset: number, length: number): void {
  const store = writer.store;
  store[writer.length] = 0x22;
  writer.length = writer.length + 1;
  for (let index = offset; index < offset + length; index++) {
    const code = source[index];
    if (code === 0x22 || code === 0x5c) {
      store[writer.length] = 0x5c;
      store[writer.length + 1] = code;
      writer.length = writer.length + 2;
    } else if (code < 0x20) {
      appendRaw(writer, "\\u00");
      writer.length = writeHexByte(store, writer.length, code);
    } else {
      store[writer.length] = code;
      writer.length = writer.length + 1;
    }
  }
  store[writer.length] = 0x22;
  writer.length = writer.length + 1;
}

/** Appends bytes of `source` as a JSON string of lowercase hexadecimal digits. */
export function appendHexString(writer: JsonWriter, source: Bytes, offset: number, length: number): void {
  appendRaw(writer, "\"");
  for (let index = offset; index < offset + length; index++) {
    writer.length = writeHexByte(writer.store, writer.length, source[index]);
  }
  appendRaw(writer, "\"");
}

/** Appends `"key":` after a comma unless `first`. */
export function appendKey(writer: JsonWriter, key: string, first: boolean): void {
  appendRaw(writer, first ? "\"" : ",\"");
  appendRaw(writer, key);
  appendRaw(writer, "\":");
}

/** The text gathered. */
export function writerText(writer: JsonWriter): string {
  return writer.platform.readText(writer.store, 0, writer.length);
}
