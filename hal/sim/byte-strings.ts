/**
 * Byte strings: JavaScript strings holding one byte per char (codes 0-255), which is how text
 * and binary data look inside Espruino on ESP32 (no Unicode support) and inside Lua. Tests use
 * these to pass text into a device runtime and to read its bytes back.
 */

/** The UTF-8 bytes of `text` as a byte string ("é" becomes "\xc3\xa9"). */
export function utf8ByteString(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}

/** The text whose UTF-8 bytes the byte string holds (the inverse of `utf8ByteString`). */
export function textFromByteString(byteString: string): string {
  return Buffer.from(byteString, "latin1").toString("utf8");
}

/** `bytes` as a byte string. */
export function byteStringOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
}

/** A copy of `value` (JSON-like data) with every string turned into its UTF-8 byte string, for handing to the Espruino context. */
export function withByteStrings(value: unknown): unknown {
  if (typeof value === "string") return utf8ByteString(value);
  if (Array.isArray(value)) return value.map(withByteStrings);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withByteStrings(inner)]));
  }
  return value;
}
