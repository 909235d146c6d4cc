/**
 * The chip's own temperature sensor, presented by the runtime as an `Adc` whose raw value is in
 * the runtime's unit, mapped to centi-degrees Celsius by a two-point calibration. The default
 * calibration reads the raw value as whole degrees Fahrenheit, which is what the ESP32's
 * internal sensor reports (32 -> 0 degrees, 212 -> 100 degrees); the plausible range is the
 * ESP32's operating range, -40 to 125 degrees. The sensor measures the die, which runs warmer
 * than the air around it.
 */
import type { Adc } from "../api";
import { Unit } from "./reading";
import { newAnalogInput } from "./analog";
import type { AnalogCalibration, AnalogInput } from "./analog";

/** Raw whole degrees Fahrenheit to centi-degrees Celsius, plausible from -40 to 125 degrees. */
const FAHRENHEIT_CALIBRATION: AnalogCalibration = { rawLow: 32, valueLow: 0, rawHigh: 212, valueHigh: 10000, decimals: 2, unit: Unit.Celsius, minimum: -4000, maximum: 12500 };

/**
 * Makes the chip temperature input over `source` (raw in degrees Fahrenheit); read it with
 * `analogRead`. A runtime reporting another unit makes its input with `newAnalogInput` and its
 * own calibration. Allocates: call at creation time.
 */
export function newChipTemperature(source: Adc): AnalogInput {
  return newAnalogInput(source, FAHRENHEIT_CALIBRATION);
}
