/**
 * How the ESP32's ADC1 turns a voltage into a count, as both HALs set it up (12 bits, 11 dB
 * attenuation: NodeMCU's `adc.setup(adc.ADC1, channel, adc.ATTEN_11db)`, Espruino's `analogRead`
 * default on ESP32): 0 .. 4095 over 0 .. 3900 mV, ESP-IDF's full-scale voltage at 11 dB. The
 * firmware build turns a board's millivolts into counts with it, and the simulator's virtual ADC
 * turns a waveform's millivolts back into counts the same way.
 */

/** The largest count. */
export const ADC_MAXIMUM = 4095;
/** Millivolts at the largest count, 11 dB attenuation. */
export const ADC_FULL_SCALE_MILLIVOLTS = 3900;

/** The count for `millivolts`, rounded and clamped to 0 .. ADC_MAXIMUM. */
export function adcCountOf(millivolts: number): number {
  return Math.min(ADC_MAXIMUM, Math.max(0, Math.round((millivolts * ADC_MAXIMUM) / ADC_FULL_SCALE_MILLIVOLTS)));
}
