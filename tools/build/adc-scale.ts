/**
 * How the ESP32's ADC1 turns a voltage into a count: 12 bits, 0 .. 4095 over 0 .. the full scale
 * of the attenuation. ESP-IDF gives 1.1, 1.5, 2.2 and 3.9 V nominal; at 11 dB the pin cannot go
 * above the 3.3 V supply and the converter saturates near 3.1 V in practice, so 3100 mV is taken.
 * Both HALs read at 11 dB (NodeMCU's `adc.setup(adc.ADC1, channel, adc.ATTEN_11db)`, Espruino's
 * `analogRead` default on ESP32). The firmware build turns a board's millivolts into counts with
 * these figures, and the simulator's virtual ADC turns a waveform's millivolts into counts the
 * same way, so one source holds them.
 */
import type { AdcBus } from "./board-types";

/** The largest count. */
export const ADC_MAXIMUM = 4095;

/** Millivolts at the largest count, per attenuation. */
export const ADC_FULL_SCALE_MILLIVOLTS: Record<AdcBus["attenuation"], number> = {
  "0db": 1100,
  "2.5db": 1500,
  "6db": 2200,
  "11db": 3100,
};

/** The count for `millivolts` at 11 dB (what both HALs read at), rounded and clamped to 0 .. ADC_MAXIMUM. */
export function adcCountOf(millivolts: number): number {
  return Math.min(ADC_MAXIMUM, Math.max(0, Math.round((millivolts * ADC_MAXIMUM) / ADC_FULL_SCALE_MILLIVOLTS["11db"])));
}
