/**
 * Lua source for JavaScript values, so a test can hand data to a Lua chunk: strings become their
 * UTF-8 bytes escaped as \ddd (binary-safe on every Lua), arrays become sequences (1-based),
 * objects become tables with string keys.
 */
import { utf8ByteString } from "./byte-strings";

/** A Lua string literal holding `bytes` (a byte string), every byte escaped as \ddd. */
export function luaStringLiteral(bytes: string): string {
  return `"${[...bytes].map((char) => `\\${char.charCodeAt(0)}`).join("")}"`;
}

/** Lua source for `value`: strings as UTF-8, numbers, booleans, arrays, plain objects. */
export function luaLiteral(value: unknown): string {
  if (typeof value === "string") return luaStringLiteral(utf8ByteString(value));
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `{${value.map(luaLiteral).join(",")}}`;
  if (typeof value === "object" && value !== null) {
    const fields = Object.entries(value).map(([key, inner]) => `[${luaStringLiteral(utf8ByteString(key))}]=${luaLiteral(inner)}`);
    return `{${fields.join(",")}}`;
  }
  throw new Error(`no Lua literal for ${String(value)}`);
}
