import type { Platform } from "./api";
import { hexDigitValue } from "../src/bytes/ascii";

/** How many hex digits make a chip id: the last three bytes of the MAC (the board's own part). */
const CHIP_ID_DIGITS = 6;

/**
 * The chip id in a runtime's serial or chip-id text (Espruino's `getSerial()`, the MAC in hex;
 * NodeMCU's `node.chipid()` on ESP32, "0x" and hex): the value of its last six hex digits, other
 * characters skipped, so 0 .. 2^24 - 1. Allocates a store for the text (boot only).
 */
export function chipIdFromText(platform: Platform, text: string): number {
  const length = platform.textByteLength(text);
  const store = platform.newBytes(length);
  platform.writeText(text, store, 0);
  let id = 0;
  let scale = 1;
  let digits = 0;
  for (let index = length - 1; index >= 0 && digits < CHIP_ID_DIGITS; index--) {
    const value = hexDigitValue(store[index]);
    if (value >= 0) {
      id = id + value * scale;
      scale = scale * 16;
      digits = digits + 1;
    }
  }
  return id;
}
