/**
 * The Espruino globals that hal/espruino uses, as the Espruino reference documents them
 * (espruino.com/Reference). Only tsconfig.espruino.json sees this file: nothing else may name them.
 */

/** Espruino's utility namespace. */
declare namespace E {
  /**
   * A string whose char codes are the bytes of the arguments (strings, arrays and typed arrays are
   * walked element by element, numbers become one char). Since 2v18, a single argument that is a
   * whole 8-bit typed array returns the array's backing string itself, without a copy.
   */
  function toString(...args: unknown[]): string;
  /** A new Uint8Array holding the bytes of the arguments, walked as `E.toString` walks them. */
  function toUint8Array(...args: unknown[]): Uint8Array;
}

/** Seconds since 1970 (or since boot, until the clock is set), as a float. */
declare function getTime(): number;
