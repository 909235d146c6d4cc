import type { Adc, AdcOptions } from "../api";

/**
 * The Adc for NodeMCU on ESP32, over the `adc` module (docs/modules/adc.md on `dev-esp32`):
 * ADC1 at 12 bits (`adc.setwidth`), the channel at 11 dB attenuation (`adc.setup`, full scale
 * about 3.9 V, limited by the supply), and `adc.read` for each conversion, 0..4095. `pin` is the
 * ADC1 channel number, 0..7 (GPIO36, 37, 38, 39, 32, 33, 34, 35). Never allocates per read;
 * `close()` stops the input: afterwards `read` returns -1, which a reader takes as out of range.
 */

/** The 12-bit converter's largest count. */
const MAXIMUM = 4095;

/** Sets up ADC1 channel `options.pin` (read now, not kept). Allocates: call at creation time. */
export function newNodemcuAdc(options: AdcOptions): Adc {
  const channel = options.pin;
  adc.setwidth(adc.ADC1, 12);
  adc.setup(adc.ADC1, channel, adc.ATTEN_11db);
  let open = true;

  function read(this: unknown): number {
    return open ? adc.read(adc.ADC1, channel) : -1;
  }

  function close(this: unknown): void {
    open = false;
  }

  return { maximum: MAXIMUM, read, close };
}
