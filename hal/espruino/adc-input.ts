/// <reference path="./bus-globals.d.ts" />
import type { Adc, AdcOptions } from "../api";

/**
 * The Adc for Espruino on ESP32, over `analogRead(pin)`, which gives a float from 0 to 1: scaled
 * to the 12-bit converter's 0..4095 and rounded. Never allocates per read. `close()` stops the
 * input: afterwards `read` returns -1, which a reader takes as out of range.
 */

/** The ESP32 converter's largest count. */
const MAXIMUM = 4095;

/** Makes the input on `options.pin` (read now, not kept). Allocates: call at creation time. */
export function newEspruinoAdc(options: AdcOptions): Adc {
  const pin = options.pin;
  let open = true;

  function read(this: unknown): number {
    return open ? Math.round(analogRead(pin) * MAXIMUM) : -1;
  }

  function close(this: unknown): void {
    open = false;
  }

  return { maximum: MAXIMUM, read, close };
}
