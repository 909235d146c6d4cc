/**
 * An analog input with a two-point linear calibration in fixed point: the raw counts at two known
 * points and the values they stand for (for example 0 -> 0 mV and 4095 -> 3300 mV, or a probe
 * measured at two temperatures). A reading converts once and maps the raw count through the line,
 * rounding to the nearest step; a raw count outside 0..maximum, or a value outside the calibration's
 * plausible range, is an `OutOfRange` reading.
 * @hotpath-module
 */
import type { Adc } from "../api";
import { ReadingStatus, failReading, setReading } from "./reading";
import type { Reading, Unit } from "./reading";
import { roundDivide } from "./fixed-point";

/**
 * The calibration line and what the values mean. `rawLow` and `rawHigh` differ; the product of
 * the raw span and the value span stays below 2^31 (it is formed once per reading).
 */
export interface AnalogCalibration {
  rawLow: number;
  valueLow: number;
  rawHigh: number;
  valueHigh: number;
  /** The values' fixed point (2 when they are hundredths) and unit. */
  decimals: number;
  unit: Unit;
  /** The plausible range of values, inclusive, in the same fixed point. */
  minimum: number;
  maximum: number;
}

/** One calibrated input. */
export interface AnalogInput {
  source: Adc;
  calibration: AnalogCalibration;
}

/**
 * Makes the input over `source` with a copy of `calibration`, its points ordered so the raw span
 * is positive. Allocates: call at creation time.
 */
export function newAnalogInput(source: Adc, calibration: AnalogCalibration): AnalogInput {
  const swapped = calibration.rawHigh < calibration.rawLow;
  return {
    source: source,
    calibration: {
      rawLow: swapped ? calibration.rawHigh : calibration.rawLow,
      valueLow: swapped ? calibration.valueHigh : calibration.valueLow,
      rawHigh: swapped ? calibration.rawLow : calibration.rawHigh,
      valueHigh: swapped ? calibration.valueLow : calibration.valueHigh,
      decimals: calibration.decimals,
      unit: calibration.unit,
      minimum: calibration.minimum,
      maximum: calibration.maximum,
    },
  };
}

/** The calibrated value of `raw`, rounded to the nearest step (halves upward). Never allocates. */
export function calibrate(calibration: AnalogCalibration, raw: number): number {
  const rawSpan = calibration.rawHigh - calibration.rawLow;
  return calibration.valueLow + roundDivide((raw - calibration.rawLow) * (calibration.valueHigh - calibration.valueLow), rawSpan);
}

/** Converts once into the caller-owned `reading` and returns its status. Never allocates. */
export function analogRead(input: AnalogInput, reading: Reading): ReadingStatus {
  const calibration = input.calibration;
  reading.unit = calibration.unit;
  reading.decimals = calibration.decimals;
  const raw = input.source.read();
  if (raw < 0 || raw > input.source.maximum) {
    return failReading(reading, ReadingStatus.OutOfRange);
  }
  return setReading(reading, calibrate(calibration, raw), calibration.decimals, calibration.unit, calibration.minimum, calibration.maximum);
}
