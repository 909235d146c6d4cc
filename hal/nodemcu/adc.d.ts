/** @noSelfInFile */

/**
 * NodeMCU's `adc` module on ESP32, as far as hal/nodemcu uses it (docs/modules/adc.md on
 * `dev-esp32`): only ADC1, channels 0..7 (GPIO36, 37, 38, 39, 32, 33, 34, 35).
 */
declare namespace adc {
  /** The first converter. */
  const ADC1: number;
  /** Attenuation 11 dB: the full scale is about 3.9 V (limited by the supply). */
  const ATTEN_11db: number;
  /** The conversion width, 9 to 12 bits, for every channel of the converter. */
  function setwidth(converter: number, bits: number): void;
  /** Sets the attenuation of one channel. */
  function setup(converter: number, channel: number, attenuation: number): void;
  /** Converts once: the raw count. */
  function read(converter: number, channel: number): number;
}
