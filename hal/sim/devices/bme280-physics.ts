/**
 * The BME280's compensation in floating point (datasheet rev 1.6, section 8.1, "Compensation
 * formulas in double precision floating point"), and its inverse: the raw ADC counts the chip
 * would report for a given temperature, humidity and pressure. The virtual BME280 uses the inverse
 * to turn its environment into register values; the tests use the forward formulas as the
 * reference the drivers' 32-bit integer arithmetic is compared against.
 *
 * The inverse runs on every virtual measurement, so it allocates nothing: V8 boxes a double that a
 * function returns or takes as an argument when the call is not inlined, so the formulas pass
 * their doubles through one `Float64Array` and take only small integers as arguments.
 */
import type { Environment } from "./environment";

/** The calibration words, as the chip's registers hold them (datasheet table 16). */
export interface Bme280CalibrationWords {
  t1: number; t2: number; t3: number;
  p1: number; p2: number; p3: number; p4: number; p5: number; p6: number; p7: number; p8: number; p9: number;
  h1: number; h2: number; h3: number; h4: number; h5: number; h6: number;
}

/** The doubles the formulas pass around: the result of the last formula, and `t_fine`. */
const slots = new Float64Array(2);
const RESULT = 0;
const FINE = 1;

/** Sets `t_fine` for the raw temperature `adcT`, and the result to degrees Celsius. */
function computeTemperature(words: Bme280CalibrationWords, adcT: number): void {
  const var1 = (adcT / 16384 - words.t1 / 1024) * words.t2;
  const offset = adcT / 131072 - words.t1 / 8192;
  const fine = var1 + offset * offset * words.t3;
  slots[FINE] = fine;
  slots[RESULT] = fine / 5120;
}

/** Sets the result to pascals for the raw pressure `adcP` at the `t_fine` set last. */
function computePressure(words: Bme280CalibrationWords, adcP: number): void {
  let var1 = slots[FINE] / 2 - 64000;
  let var2 = (var1 * var1 * words.p6) / 32768;
  var2 = var2 + var1 * words.p5 * 2;
  var2 = var2 / 4 + words.p4 * 65536;
  var1 = ((words.p3 * var1 * var1) / 524288 + words.p2 * var1) / 524288;
  var1 = (1 + var1 / 32768) * words.p1;
  if (var1 === 0) {
    slots[RESULT] = 0;
    return;
  }
  let p = 1048576 - adcP;
  p = ((p - var2 / 4096) * 6250) / var1;
  var1 = (words.p9 * p * p) / 2147483648;
  var2 = (p * words.p8) / 32768;
  slots[RESULT] = p + (var1 + var2 + words.p7) / 16;
}

/** Sets the result to percent relative humidity (0..100) for the raw humidity `adcH` at the `t_fine` set last. */
function computeHumidity(words: Bme280CalibrationWords, adcH: number): void {
  let h = slots[FINE] - 76800;
  h = (adcH - (words.h4 * 64 + (words.h5 / 16384) * h)) * ((words.h2 / 65536) * (1 + (words.h6 / 67108864) * h * (1 + (words.h3 / 67108864) * h)));
  h = h * (1 - (words.h1 * h) / 524288);
  slots[RESULT] = Math.min(100, Math.max(0, h));
}

/** `t_fine` for the raw temperature `adcT`. */
export function fineTemperature(words: Bme280CalibrationWords, adcT: number): number {
  computeTemperature(words, adcT);
  return slots[FINE];
}

/** Degrees Celsius for the raw temperature `adcT`. */
export function temperatureCelsius(words: Bme280CalibrationWords, adcT: number): number {
  computeTemperature(words, adcT);
  return slots[RESULT];
}

/** Pascals for the raw pressure `adcP` at the temperature whose `t_fine` is `fine`. */
export function pressurePascal(words: Bme280CalibrationWords, fine: number, adcP: number): number {
  slots[FINE] = fine;
  computePressure(words, adcP);
  return slots[RESULT];
}

/** Percent relative humidity (0..100) for the raw humidity `adcH` at the temperature whose `t_fine` is `fine`. */
export function humidityPercent(words: Bme280CalibrationWords, fine: number, adcH: number): number {
  slots[FINE] = fine;
  computeHumidity(words, adcH);
  return slots[RESULT];
}

/** Which quantity `bisect` inverts. */
const enum Quantity {
  Temperature,
  Pressure,
  Humidity,
}

/** Sets the result to `quantity`'s value for the raw count `raw` (at the `t_fine` set last). */
function compute(words: Bme280CalibrationWords, quantity: Quantity, raw: number): void {
  if (quantity === Quantity.Temperature) {
    computeTemperature(words, raw);
  } else if (quantity === Quantity.Pressure) {
    computePressure(words, raw);
  } else {
    computeHumidity(words, raw);
  }
}

/**
 * The raw count in 0..`largest` whose value of `quantity` is nearest `target`, by bisection; the
 * value rises with the count (`rising`) or falls. For pressure and humidity, `t_fine` is the one
 * set before the call; a temperature bisection ends with `t_fine` set for the count it returns.
 */
function bisect(words: Bme280CalibrationWords, quantity: Quantity, target: Float64Array, index: number, largest: number, rising: boolean): number {
  let low = 0;
  let high = largest;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    compute(words, quantity, middle);
    if (slots[RESULT] > target[index] === rising) {
      high = middle;
    } else {
      low = middle;
    }
  }
  compute(words, quantity, high);
  const highDistance = Math.abs(slots[RESULT] - target[index]);
  compute(words, quantity, low);
  if (Math.abs(slots[RESULT] - target[index]) <= highDistance) {
    return low;
  }
  compute(words, quantity, high);
  return high;
}

/** The environment's three values, copied in as doubles the bisections read. */
const targets = new Float64Array(3);

/**
 * The raw counts the chip reports in `environment`, written into `counts` as temperature (20 bits),
 * pressure (20 bits), humidity (16 bits). Never allocates.
 */
export function rawCounts(words: Bme280CalibrationWords, environment: Environment, counts: Int32Array): void {
  targets[0] = environment.celsius;
  targets[1] = environment.pascal;
  targets[2] = environment.humidityPercent;
  counts[0] = bisect(words, Quantity.Temperature, targets, 0, 0xfffff, true);
  computeTemperature(words, counts[0]);
  counts[1] = bisect(words, Quantity.Pressure, targets, 1, 0xfffff, false);
  counts[2] = bisect(words, Quantity.Humidity, targets, 2, 0xffff, true);
}
