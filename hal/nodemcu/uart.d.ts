/** @noSelfInFile */

/**
 * NodeMCU's `uart` module, as far as hal/nodemcu uses it (docs/modules/uart.md on `release` and
 * `dev-esp32-idf3-final`; RUNTIMES.md, NodeMCU). Every function is called with `.`.
 */
declare namespace uart {
  /**
   * Registers the "data" callback (nil removes it): `count` 0 hands over every byte as it
   * arrives (a number n calls back per n bytes, a one-char string at that char); `runInput` 0
   * keeps the input from the Lua interpreter, 1 gives it back. `uart.on("data")` alone gives the
   * input back to the interpreter.
   */
  function on(event: "data", count?: number | string, callback?: (data: string) => void, runInput?: number): void;
  /** Sends `data` (byte strings) on UART `id`. */
  function write(id: number, data: string): void;
}
