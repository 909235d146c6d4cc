/**
 * The one record every sensor driver writes a reading into, owned by the caller and reused for
 * every reading: a fixed-point integer `value` with `decimals` (2508 with 2 decimals is 25.08), the
 * `unit` it is in, and a `status`. A failed or implausible read — no answer from the device, a bad
 * checksum, a value outside the datasheet's range — sets a status other than `Ok` and a `value`
 * of 0 that is never meant to be published.
 * @hotpath-module
 */

/** What became of a reading. */
export const enum ReadingStatus {
  Ok = 0,
  /** No device answered: an I2C address not acknowledged, no 1-Wire presence pulse, no pulses. */
  NoDevice = 1,
  /** The device answered but its checksum (CRC-8, or the DHT22's sum) does not match. */
  BadChecksum = 2,
  /** The value is outside what the datasheet says the device can measure. */
  OutOfRange = 3,
  /** A device answered with another chip's identity (a BME280 driver finding a BMP280). */
  WrongDevice = 4,
  /** The reply was incomplete (fewer pulses than the protocol has) or no measurement was started. */
  Incomplete = 5,
}

/** The unit a reading's value is in, before its decimals are applied. */
export const enum Unit {
  /** A plain number (an analog input calibrated to no physical unit). */
  None = 0,
  /** Degrees Celsius. */
  Celsius = 1,
  /** Percent relative humidity. */
  RelativeHumidity = 2,
  /** Pascals. */
  Pascal = 3,
  /** Volts. */
  Volt = 4,
}

/** A reading as the caller keeps it. */
export interface Reading {
  value: number;
  decimals: number;
  unit: Unit;
  status: ReadingStatus;
}

/** Makes an empty reading (status `Incomplete`). Allocates: call at creation time. */
export function newReading(): Reading {
  return { value: 0, decimals: 0, unit: Unit.None, status: ReadingStatus.Incomplete };
}

/**
 * Stores a good value, or `OutOfRange` when it lies outside `minimum`..`maximum` (inclusive, in
 * the same fixed point). Returns the status stored. Never allocates.
 */
export function setReading(reading: Reading, value: number, decimals: number, unit: Unit, minimum: number, maximum: number): ReadingStatus {
  reading.decimals = decimals;
  reading.unit = unit;
  if (value < minimum || value > maximum) {
    reading.value = 0;
    reading.status = ReadingStatus.OutOfRange;
    return ReadingStatus.OutOfRange;
  }
  reading.value = value;
  reading.status = ReadingStatus.Ok;
  return ReadingStatus.Ok;
}

/** Marks `reading` failed with `status` (value 0, decimals and unit kept). Returns `status`. Never allocates. */
export function failReading(reading: Reading, status: ReadingStatus): ReadingStatus {
  reading.value = 0;
  reading.status = status;
  return status;
}
