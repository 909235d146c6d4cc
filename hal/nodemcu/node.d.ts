/** @noSelfInFile */

/**
 * NodeMCU's `node` module, as far as hal/nodemcu uses it (docs/modules/node.md on the `release`
 * branch for ESP8266 and on `dev-esp32`).
 */
declare namespace node {
  /** The free heap in bytes (fragmentation may keep an allocation of this size from succeeding). */
  function heap(): number;
  /** Restarts the chip. */
  function restart(): void;
  /**
   * The chip id: on ESP8266 (`release`) a number, on ESP32 (`dev-esp32`) a string, "0x" and the
   * MAC's hex digits.
   */
  function chipid(): number | string;
  /**
   * Microseconds since boot as two results: the low bits, and how many times they wrapped. With
   * 32-bit integer Lua the low part holds 31 bits; with floating-point Lua it holds 53 and the
   * high part stays 0. `dev-esp32` only: ESP8266 (`release`) has `tmr.now()` instead.
   */
  const uptime: ((this: void) => LuaMultiReturn<[number, number]>) | undefined;
}
