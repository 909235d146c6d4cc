/** @noSelfInFile */

/**
 * NodeMCU's `ow` (1-Wire) module, as far as hal/nodemcu uses it (docs/modules/ow.md on
 * `dev-esp32` and `release`). Every call names the bus by its pin.
 */
declare namespace ow {
  /** Makes `pin` a 1-Wire bus. */
  function setup(pin: number): void;
  /** A reset pulse: 1 when a device answered with a presence pulse, else 0. */
  function reset(pin: number): number;
  /** Skip ROM (0xCC). */
  function skip(pin: number): void;
  /** Writes one byte; `power` 1 keeps the line driven high afterwards (parasite power). */
  function write(pin: number, byte: number, power: number): void;
  /** Reads one byte. */
  function read(pin: number): number;
  /** Starts a new search. */
  function reset_search(pin: number): void;
  /** The next device's 8-byte ROM code (a byte string), or nil when there are no more. */
  function search(pin: number): string | undefined;
}
