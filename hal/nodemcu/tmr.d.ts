/** @noSelfInFile */

/**
 * NodeMCU's `tmr` module, as far as hal/nodemcu uses it (docs/modules/tmr.md on the `release`
 * branch for ESP8266 and on `dev-esp32`).
 */
declare namespace tmr {
  /**
   * The system counter in microseconds, wrapping to 0 after 31 bits (about 35 minutes).
   * ESP8266 (`release`) only: `dev-esp32` has no `tmr.now`, it has `node.uptime()` instead.
   */
  const now: ((this: void) => number) | undefined;
}
