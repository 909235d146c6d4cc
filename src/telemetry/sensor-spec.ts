/**
 * What the telemetry layer is told about a device's sensors (from the board file): each sensor's
 * name, how often it is read, and the quantities one reading gives.
 */

/** One quantity a sensor measures: its topic level, and its unit and Home Assistant class when the known table has none. */
export interface QuantitySpec {
  /** The last topic level, e.g. "temperature". */
  name: string;
  /** The unit of measurement, e.g. "°C"; left out, the known quantities' table gives it. */
  unit?: string;
  /** The Home Assistant sensor device class, e.g. "temperature"; left out, the table gives it. */
  deviceClass?: string;
}

/** One sensor: its topic level, its interval, and its quantities in the order its readings give them. */
export interface SensorSpec {
  /** The sensor's topic level, e.g. "bme280". */
  name: string;
  /** Seconds between readings, 1 .. MAX_INTERVAL_SECONDS. */
  intervalSeconds: number;
  quantities: QuantitySpec[];
}

/** The longest interval a sensor may have: one day (its milliseconds stay well within 2^31). */
export const MAX_INTERVAL_SECONDS = 86400;

/** Whether `seconds` is a whole number of seconds from 1 to MAX_INTERVAL_SECONDS. Never allocates. @hotpath */
export function isValidInterval(seconds: number): boolean {
  return seconds >= 1 && seconds <= MAX_INTERVAL_SECONDS && seconds % 1 === 0;
}
